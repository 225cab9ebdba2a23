import type { AbortResult, MutationResult, PendingPatch, TaskRow, TaskStatus } from "@errand/core/store";
import { ALLOWED_STATUSES } from "@errand/core/store";
import { isUuid, type PgContext, type Queryable } from "./context.js";
import { rowColumns } from "./rowColumns.js";

type Outcome =
  | { result: "not_found" }
  | { result: "conflict"; status: TaskStatus }
  | { result: "ok"; row: TaskRow };

interface Change {
  id: string;
  /** Statuses that allow the change; any other is a conflict. */
  allowed: readonly TaskStatus[];
  /** A SET list over `t` (parameters from $3 on, in `values`), or a delete. */
  set?: string;
  values?: unknown[];
  /** Wake runners elsewhere: the change may have made a task due. */
  notify?: boolean;
}

/**
 * One management change to one task, as one statement: lock the row, change it only if its status
 * allows, and report what was found. Reading and changing in one statement means the answer
 * ("conflict: running") describes the same row version that was (not) changed.
 */
async function changeOne(ctx: PgContext, db: Queryable, change: Change): Promise<Outcome> {
  if (!isUuid(change.id)) return { result: "not_found" };
  const changed = change.set
    ? `UPDATE ${ctx.tasks} t SET ${change.set} FROM prior
        WHERE t.id = prior.id AND prior.status = ANY($2::text[]) RETURNING t.*`
    : `DELETE FROM ${ctx.tasks} t USING prior
        WHERE t.id = prior.id AND prior.status = ANY($2::text[]) RETURNING t.*`;
  const notify = change.notify
    ? `CASE WHEN c.id IS NOT NULL THEN pg_notify('${ctx.channel}', '') END`
    : "NULL";
  const { rows } = await db.query<
    { prior_status: TaskStatus; changed: boolean; notified: unknown } & TaskRow
  >({
    text: `WITH prior AS (SELECT id, status FROM ${ctx.tasks} WHERE id = $1 ${change.set ? "FOR NO KEY UPDATE" : "FOR UPDATE"}),
      changed AS (${changed})
      SELECT prior.status AS prior_status, c.id IS NOT NULL AS changed, ${notify} AS notified, ${rowColumns("c")}
      FROM prior LEFT JOIN changed c ON true`,
    values: [change.id, change.allowed, ...(change.values ?? [])],
  });
  const found = rows[0];
  if (!found) return { result: "not_found" };
  const { prior_status: status, changed: done, notified: _notified, ...row } = found;
  return done ? { result: "ok", row } : { result: "conflict", status };
}

export function updatePending(
  ctx: PgContext,
  db: Queryable,
  id: string,
  patch: PendingPatch,
  now: number,
): Promise<MutationResult> {
  return changeOne(ctx, db, {
    id,
    allowed: ALLOWED_STATUSES.update,
    set: `input = coalesce($3, t.input), priority = coalesce($4, t.priority),
      run_at = coalesce($5, t.run_at), max_attempts = coalesce($6, t.max_attempts), updated_at = $7`,
    values: [
      patch.input ?? null,
      patch.priority ?? null,
      patch.runAt ?? null,
      patch.maxAttempts ?? null,
      now,
    ],
    notify: true,
  });
}

/** Log lines (foreign key ON DELETE CASCADE) and attempts (migration 10's trigger) go with the task, and so does its idempotency key. */
export function deleteTask(ctx: PgContext, db: Queryable, id: string): Promise<MutationResult> {
  return changeOne(ctx, db, { id, allowed: ALLOWED_STATUSES.delete });
}

export async function requestAbort(
  ctx: PgContext,
  db: Queryable,
  id: string,
  error: string,
  now: number,
): Promise<AbortResult> {
  const outcome = await changeOne(ctx, db, {
    id,
    allowed: ALLOWED_STATUSES.abort,
    set: `status = CASE WHEN t.status = 'pending' THEN 'aborted' ELSE t.status END,
      error = CASE WHEN t.status = 'pending' THEN $3 ELSE t.error END,
      finished_at = CASE WHEN t.status = 'pending' THEN $4 ELSE t.finished_at END,
      abort_requested_at = CASE WHEN t.status = 'running' THEN coalesce(t.abort_requested_at, $4)
        ELSE t.abort_requested_at END,
      updated_at = $4`,
    values: [error, now],
  });
  if (outcome.result !== "ok") return outcome;
  return { result: outcome.row.status === "aborted" ? "aborted" : "requested", row: outcome.row };
}

export function retryTask(ctx: PgContext, db: Queryable, id: string, now: number): Promise<MutationResult> {
  return changeOne(ctx, db, {
    id,
    allowed: ALLOWED_STATUSES.retry,
    set: `status = 'pending', attempt = 0, error = NULL, output = NULL, run_at = $3, finished_at = NULL,
      abort_requested_at = NULL, updated_at = $3`,
    values: [now],
    notify: true,
  });
}
