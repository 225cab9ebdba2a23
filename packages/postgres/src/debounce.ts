import type { InsertResult, NewTaskRow, TaskRow } from "@errand/core/store";
import type { PgContext, Queryable } from "./context.js";
import { rowColumns } from "./rowColumns.js";

/**
 * A debounced trigger (core's isDebounceTarget/debouncedRow): the pending task of the same name
 * and key takes the new input and run time; with none, `insert` adds the row. Must run inside a
 * transaction: the advisory lock on (name, key) is held until commit, so two triggers with one key
 * never both find nothing and both insert, and the second sees the first's task.
 */
export async function insertDebounced(
  ctx: PgContext,
  db: Queryable,
  row: NewTaskRow,
  insert: (row: NewTaskRow) => Promise<InsertResult>,
): Promise<InsertResult> {
  await db.query({
    text: "SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))",
    values: [`${ctx.schema} debounce ${row.name}`, row.debounceKey],
  });
  // A claimer holding the row makes this wait; once it committed the task runs, no longer pending.
  const { rows } = await db.query<TaskRow>({
    name: ctx.statement("debounce"),
    text: `WITH target AS (
        SELECT id FROM ${ctx.tasks}
        WHERE name = $1 AND debounce_key = $2 AND status = 'pending' LIMIT 1 FOR NO KEY UPDATE
      )
      UPDATE ${ctx.tasks} t SET input = $3, run_at = $4, updated_at = $5
      FROM target WHERE t.id = target.id AND t.status = 'pending'
      RETURNING ${rowColumns("t")}`,
    values: [row.name, row.debounceKey, row.input, row.runAt, row.createdAt],
  });
  if (rows[0]) return { row: rows[0], created: false, replaced: true };
  return insert(row);
}
