import type { TaskChange } from "@errand/core";
import type { Database, Statement } from "better-sqlite3";

/**
 * A write's `updated_at` is the writer's clock when it started, and it may wait for the write lock
 * (busy_timeout, 5 s by default) before it commits: rows are looked for this far back.
 */
const WINDOW_MS = 10_000;
/** Past this many recent rows, "anything may have changed" is cheaper than listing them. */
const MAX_ROWS = 2_000;

/**
 * The rows updated since a time (the first four parameters), at most the fifth, each part read
 * through its own index (migrations 6 and 7): rows neither running nor successful by their
 * updated_at; running rows, few (at most the runners' slots and claims ahead), all of them through
 * the running index, which holds updated_at; successful rows by finished_at, which a success sets
 * to its updated_at and nothing changes after.
 */
const CHANGED_SINCE = `
  SELECT id, updated_at FROM errand_tasks INDEXED BY errand_tasks_updated_at_rest
    WHERE status NOT IN ('running', 'success') AND updated_at >= ?
  UNION ALL
  SELECT id, updated_at FROM errand_tasks INDEXED BY errand_tasks_running WHERE status = 'running' AND updated_at >= ?
  UNION ALL
  SELECT id, updated_at FROM errand_tasks INDEXED BY errand_tasks_finished
    WHERE finished_at >= ? AND status = 'success' AND updated_at >= ?
  LIMIT ?`;

/**
 * Which tasks changed since the last look, from the rows updated in the last WINDOW_MS
 * (CHANGED_SINCE) compared with the updated_at last seen for each. SQLite keeps no change log, so
 * this is how another process's writes become task ids. Deleted rows leave nothing to find.
 */
export class RecentChanges {
  private readonly seen = new Map<string, number>();
  private statement:
    | Statement<[number, number, number, number, number], { id: string; updated_at: number }>
    | undefined;
  private db: Database | undefined;

  /** Forgets what was seen and records what is there now, so only later changes are reported. */
  reset(db: Database): void {
    this.seen.clear();
    this.look(db);
  }

  look(db: Database): TaskChange | null {
    if (db !== this.db) {
      this.db = db;
      this.statement = db.prepare(CHANGED_SINCE);
    }
    const since = Date.now() - WINDOW_MS;
    const rows = this.statement!.all(since, since, since, since, MAX_ROWS + 1);
    for (const [id, at] of this.seen) if (at < since) this.seen.delete(id);
    const ids: string[] = [];
    for (const row of rows) {
      if (this.seen.get(row.id) === row.updated_at) continue;
      this.seen.set(row.id, row.updated_at);
      ids.push(row.id);
    }
    if (rows.length > MAX_ROWS) return { type: "unknown" };
    return ids.length > 0 ? { type: "tasks", ids } : null;
  }
}
