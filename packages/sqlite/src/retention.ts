import type { Database } from "better-sqlite3";

export interface RetentionOptions {
  /** Finished tasks (success, failed, aborted) older than this, by `finishedAt`, are deleted. */
  maxAgeMs?: number;
  /** At most this many finished tasks are kept; the ones finished longest ago go first. */
  maxCount?: number;
  /** How often the cleanup runs. Default 60,000 ms. */
  intervalMs?: number;
}

export type RetentionResult =
  /** Another process is cleaning up now, or (on the timer) finished a sweep less than an interval ago. */
  { result: "skipped" } | { result: "done"; deleted: number };

/** Tasks per delete transaction: each holds the file's write lock only briefly. */
const BATCH = 1_000;
/** How long a sweep may hold the retention lease; a sweeper that died frees it after this. */
const LEASE_MS = 5 * 60_000;
const FINISHED = "('success', 'failed', 'aborted')";

/**
 * Deletes finished tasks older than `maxAgeMs` and beyond the newest `maxCount`, with their logs
 * and attempt history. One process at a time: a sweep first takes the lease row under BEGIN
 * IMMEDIATE (the file's write lock, so two processes cannot both see it free), then deletes in
 * short transactions so runners' claims interleave. `onTimer` sweeps also skip when another process
 * finished a sweep less than `intervalMs` ago: N processes do one sweep per interval, not N.
 */
export function runRetention(
  db: Database,
  options: RetentionOptions & { intervalMs: number },
  now: number,
  onTimer = false,
): RetentionResult {
  const took = db
    .transaction(() => {
      const row = db
        .prepare("SELECT last_sweep_at, lease_until FROM errand_retention WHERE id = 1")
        .get() as {
        last_sweep_at: number;
        lease_until: number;
      };
      if (row.lease_until > now) return false;
      if (onTimer && row.last_sweep_at > now - options.intervalMs) return false;
      db.prepare("UPDATE errand_retention SET lease_until = ? WHERE id = 1").run(now + LEASE_MS);
      return true;
    })
    .immediate();
  if (!took) return { result: "skipped" };
  try {
    let deleted = 0;
    if (options.maxAgeMs !== undefined) {
      const older = db.prepare(
        `SELECT id FROM errand_tasks WHERE finished_at < ? AND status IN ${FINISHED} ORDER BY finished_at LIMIT ${BATCH}`,
      );
      deleted += deleteInBatches(db, () => older.pluck().all(now - options.maxAgeMs!) as string[]);
    }
    if (options.maxCount !== undefined) {
      const beyond = db.prepare(
        `SELECT id FROM errand_tasks WHERE status IN ${FINISHED} ORDER BY finished_at DESC, id DESC LIMIT ${BATCH} OFFSET ?`,
      );
      deleted += deleteInBatches(db, () => beyond.pluck().all(options.maxCount) as string[]);
    }
    return { result: "done", deleted };
  } finally {
    db.prepare("UPDATE errand_retention SET lease_until = 0, last_sweep_at = ? WHERE id = 1").run(now);
  }
}

function deleteInBatches(db: Database, select: () => string[]): number {
  const logs = db.prepare("DELETE FROM errand_task_logs WHERE task_id IN (SELECT value FROM json_each(?))");
  const attempts = db.prepare(
    "DELETE FROM errand_task_attempts WHERE task_id IN (SELECT value FROM json_each(?))",
  );
  // The status is checked again under the write lock: a task retried since the select is kept.
  const tasks = db.prepare(
    `DELETE FROM errand_tasks WHERE id IN (SELECT value FROM json_each(?)) AND status IN ${FINISHED}`,
  );
  let total = 0;
  for (;;) {
    const removed = db
      .transaction(() => {
        const ids = select();
        if (ids.length === 0) return 0;
        const list = JSON.stringify(ids);
        const count = tasks.run(list).changes;
        logs.run(list);
        attempts.run(list);
        return count;
      })
      .immediate();
    total += removed;
    if (removed === 0) return total;
  }
}
