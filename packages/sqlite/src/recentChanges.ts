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
 * Which tasks changed since the last look, from the rows updated in the last WINDOW_MS (an index
 * on updated_at) compared with the updated_at last seen for each. SQLite keeps no change log, so
 * this is how another process's writes become task ids. Deleted rows leave nothing to find.
 */
export class RecentChanges {
  private readonly seen = new Map<string, number>();
  private statement: Statement<[number, number], { id: string; updated_at: number }> | undefined;
  private db: Database | undefined;

  /** Forgets what was seen and records what is there now, so only later changes are reported. */
  reset(db: Database): void {
    this.seen.clear();
    this.look(db);
  }

  look(db: Database): TaskChange | null {
    if (db !== this.db) {
      this.db = db;
      this.statement = db.prepare(
        "SELECT id, updated_at FROM errand_tasks WHERE updated_at >= ? ORDER BY updated_at LIMIT ?",
      );
    }
    const since = Date.now() - WINDOW_MS;
    const rows = this.statement!.all(since, MAX_ROWS + 1);
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
