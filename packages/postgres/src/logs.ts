import type { LogEntry } from "@errand/core/store";
import { isUuid, type PgContext, type Queryable } from "./context.js";

const FOREIGN_KEY_VIOLATION = "23503";

/**
 * Appends log lines in one statement, in the order given. Lines of tasks that no longer exist are
 * dropped, as the contract asks: the join skips the ones already gone, and a task deleted between
 * the join and the foreign-key check fails the statement once, after which the retry skips it.
 */
export async function appendLogs(ctx: PgContext, db: Queryable, entries: readonly LogEntry[]): Promise<void> {
  const kept = entries.filter((entry) => isUuid(entry.taskId));
  if (kept.length === 0) return;
  const statement = {
    name: ctx.statement("append_logs"),
    text: `INSERT INTO ${ctx.logs} (task_id, attempt, at, level, message, data)
      SELECT l.task_id, l.attempt, l.at, l.level, l.message, l.data
      FROM unnest($1::uuid[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[])
        WITH ORDINALITY AS l(task_id, attempt, at, level, message, data, ord)
      JOIN ${ctx.tasks} t ON t.id = l.task_id
      ORDER BY l.ord`,
    values: [
      kept.map((e) => e.taskId),
      kept.map((e) => e.attempt),
      kept.map((e) => e.at),
      kept.map((e) => e.level),
      kept.map((e) => e.message),
      kept.map((e) => e.data),
    ],
  };
  try {
    await db.query(statement);
  } catch (error) {
    if ((error as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw error;
    await db.query(statement);
  }
}

export async function readLogs(
  ctx: PgContext,
  db: Queryable,
  taskId: string,
  options: { limit?: number } = {},
): Promise<LogEntry[]> {
  if (!isUuid(taskId)) return [];
  const { rows } = await db.query<LogEntry>({
    name: ctx.statement("logs"),
    text: `SELECT task_id::text AS "taskId", attempt, at::float8 AS at, level, message, data
      FROM ${ctx.logs} WHERE task_id = $1 ORDER BY seq LIMIT $2`,
    values: [taskId, options.limit ?? null],
  });
  return rows;
}
