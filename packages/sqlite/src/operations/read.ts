import type {
  AttemptRow,
  ListPage,
  ListQuery,
  LogEntry,
  StatsRow,
  TaskRow,
  TaskStatus,
} from "@errand/core/store";
import { attemptFromDb, type DbTaskRow, fromDb, TASK_COLUMNS } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";

export function getRow({ st }: SqliteContext, id: string): TaskRow | null {
  const found = st.get.get(id) as DbTaskRow | undefined;
  return found ? fromDb(found) : null;
}

export function attemptRows({ st }: SqliteContext, taskId: string): AttemptRow[] {
  return (st.attempts.all(taskId, taskId, taskId) as unknown[][]).map(attemptFromDb);
}

/** Newest first by id (UUIDv7 sorts by creation); the cursor is the last id of the page. */
export function listRows({ db }: SqliteContext, query: ListQuery): ListPage {
  const where: string[] = [];
  const params: unknown[] = [];
  const filter = (sql: string, value: unknown) => {
    if (value === undefined) return;
    where.push(sql);
    params.push(value);
  };
  filter("name = ?", query.name);
  filter("status = ?", query.status);
  filter("parent_id = ?", query.parentId);
  filter("created_at >= ?", query.createdFrom);
  filter("created_at <= ?", query.createdTo);
  filter("id < ?", query.cursor);
  const sql = `SELECT ${TASK_COLUMNS} FROM errand_tasks ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
  const found = db
    .prepare(sql)
    .raw(true)
    .all(...params, query.limit + 1) as DbTaskRow[];
  const rows = found.slice(0, query.limit).map(fromDb);
  return { rows, nextCursor: found.length > query.limit ? rows[rows.length - 1]!.id : null };
}

export function statsRows({ st }: SqliteContext): StatsRow[] {
  return (st.stats.all() as { name: string; status: string; count: number }[]).map((row) => ({
    name: row.name,
    status: row.status as TaskStatus,
    count: row.count,
  }));
}

export function appendLogRows({ db, st }: SqliteContext, entries: readonly LogEntry[]): void {
  db.transaction(() => {
    for (const entry of entries) st.appendLog.run(entry);
  }).immediate();
}

export function logRows({ st }: SqliteContext, taskId: string, limit: number | undefined): LogEntry[] {
  return st.logs.all(taskId, limit ?? -1) as LogEntry[];
}
