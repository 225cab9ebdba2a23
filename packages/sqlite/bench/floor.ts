import { newTaskId } from "@errand/core/store";
import { openDatabase } from "../src/connection.js";
import { migrate } from "../src/migrations/migrate.js";

/** The floor for bulk trigger: the same rows inserted by raw better-sqlite3 in one transaction. */
export function rawInsert(path: string, count: number): number {
  const db = openDatabase({ path });
  migrate(db);
  const insert = db.prepare(
    `INSERT INTO errand_tasks (id, name, input, status, attempt, max_attempts, priority, run_at, created_at, updated_at)
     VALUES (?, 'noop', ?, 'pending', 0, 3, 0, ?, ?, ?)`,
  );
  const start = performance.now();
  const now = Date.now();
  db.transaction(() => {
    for (let n = 0; n < count; n++) insert.run(newTaskId(), `{"json":{"n":${n}}}`, now, now, now);
  })();
  const rate = count / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

/** The floor for end to end: claim a batch and mark it done, in SQL only, until none is left. */
export function rawClaimLoop(path: string, count: number, batch: number): number {
  rawInsert(path, count);
  const db = openDatabase({ path });
  const claim = db.prepare(
    `UPDATE errand_tasks SET status = 'running', attempt = attempt + 1, lease_owner = 'w', lease_expires_at = ?, started_at = ?, updated_at = ?
     WHERE id IN (SELECT id FROM errand_tasks WHERE status = 'pending' AND run_at <= ? ORDER BY priority DESC, run_at, id LIMIT ?) RETURNING id, input`,
  );
  const done = db.prepare(
    "UPDATE errand_tasks SET status = 'success', output = ?, finished_at = ?, lease_owner = NULL WHERE id = ?",
  );
  const settle = db.transaction((ids: string[], now: number) => {
    for (const id of ids) done.run('{"json":null}', now, id);
  });
  const start = performance.now();
  for (;;) {
    const now = Date.now();
    const rows = claim.all(now + 10_000, now, now, now, batch) as { id: string; input: string }[];
    if (rows.length === 0) break;
    for (const row of rows) JSON.parse(row.input);
    settle(
      rows.map((r) => r.id),
      now,
    );
  }
  const rate = count / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}
