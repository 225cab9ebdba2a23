import { changedRow, type TaskRow } from "@errand/core/store";
import type { Statement } from "better-sqlite3";
import type { SqliteContext } from "./context.js";

const COLUMN: { readonly [TKey in keyof TaskRow]: string } = {
  id: "id",
  name: "name",
  input: "input",
  status: "status",
  output: "output",
  error: "error",
  attempt: "attempt",
  maxAttempts: "max_attempts",
  priority: "priority",
  runAt: "run_at",
  parentId: "parent_id",
  idempotencyKey: "idempotency_key",
  progress: "progress",
  statusMessage: "status_message",
  createdAt: "created_at",
  startedAt: "started_at",
  finishedAt: "finished_at",
  updatedAt: "updated_at",
  leaseOwner: "lease_owner",
  leaseExpiresAt: "lease_expires_at",
  leaseNumber: "lease_number",
  abortRequestedAt: "abort_requested_at",
  concurrencyKey: "concurrency_key",
  rateKey: "rate_key",
  debounceKey: "debounce_key",
};

/**
 * Writes the fields a transition changed, and only those: SQLite updates every index on a column
 * named in SET, so writing back the whole row would also rewrite the idempotency and parent
 * indexes on every claim and settlement. Each transition changes a fixed set of fields, so a
 * handful of statements, prepared once per connection, cover them all.
 */
export function writeBack(ctx: SqliteContext, row: TaskRow, change: Partial<TaskRow>): TaskRow {
  const keys = Object.keys(change) as (keyof TaskRow)[];
  const shape = keys.join(",");
  let statement: Statement | undefined = ctx.writes.get(shape);
  if (!statement) {
    const set = keys.map((key) => `${COLUMN[key]} = ?`).join(", ");
    statement = ctx.db.prepare(`UPDATE errand_tasks SET ${set} WHERE id = ?`);
    ctx.writes.set(shape, statement);
  }
  const values: unknown[] = new Array(keys.length + 1);
  for (let i = 0; i < keys.length; i++) values[i] = change[keys[i]!];
  values[keys.length] = row.id;
  statement.run(values);
  return changedRow(row, change);
}
