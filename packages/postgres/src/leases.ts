import type { HeartbeatRequest, HeartbeatResult, ReleaseExpiredRequest, StatusWrite } from "@errand/core";
import { isUuid, type PgContext, type Queryable } from "./context.js";

/** Extends the leases this runner still holds, in one statement; every other id is reported lost. */
export async function heartbeat(
  ctx: PgContext,
  db: Queryable,
  request: HeartbeatRequest,
): Promise<HeartbeatResult> {
  const ids = request.ids.filter(isUuid);
  const { rows } =
    ids.length === 0
      ? { rows: [] }
      : await db.query<{ id: string; abort: boolean }>({
          name: ctx.statement("heartbeat"),
          text: `UPDATE ${ctx.tasks} SET lease_expires_at = $1
            WHERE id = ANY($2::uuid[]) AND status = 'running' AND lease_owner = $3
            RETURNING id::text AS id, abort_requested_at IS NOT NULL AS abort`,
          values: [request.now + request.leaseMs, ids, request.runnerId],
        });
  const held = new Set(rows.map((row) => row.id));
  return {
    lost: request.ids.filter((id) => !held.has(id)),
    abortRequested: rows.filter((row) => row.abort).map((row) => row.id),
  };
}

/**
 * Hands back tasks whose runner stopped heartbeating: pending again while attempts remain, else
 * failed; aborted when an abort was asked for. The partial index on running tasks keeps this cheap
 * enough for every runner to call on each heartbeat; concurrent callers serialise on the row locks,
 * and the second finds the row no longer running.
 */
export async function releaseExpired(
  ctx: PgContext,
  db: Queryable,
  request: ReleaseExpiredRequest,
): Promise<number> {
  const aborted = "abort_requested_at IS NOT NULL";
  const exhausted = "attempt >= max_attempts";
  const result = await db.query({
    name: ctx.statement("release_expired"),
    text: `UPDATE ${ctx.tasks} SET
        status = CASE WHEN ${aborted} THEN 'aborted' WHEN ${exhausted} THEN 'failed' ELSE 'pending' END,
        error = CASE WHEN ${aborted} THEN $2 WHEN ${exhausted} THEN $3 ELSE error END,
        finished_at = CASE WHEN ${aborted} OR ${exhausted} THEN $1 ELSE finished_at END,
        run_at = CASE WHEN ${aborted} OR ${exhausted} THEN run_at ELSE $1 END,
        lease_owner = NULL, lease_expires_at = NULL, abort_requested_at = NULL, updated_at = $1
      WHERE status = 'running' AND lease_expires_at <= $1`,
    values: [request.now, request.abortedError, request.leaseExpiredError],
  });
  return result.rowCount ?? 0;
}

/** Progress and message of a running task, only while its runner holds the lease for that attempt. */
export async function setStatus(ctx: PgContext, db: Queryable, write: StatusWrite): Promise<boolean> {
  if (!isUuid(write.id)) return false;
  const result = await db.query({
    name: ctx.statement("set_status"),
    text: `UPDATE ${ctx.tasks} SET progress = coalesce($4, progress),
        status_message = coalesce($5, status_message), updated_at = $6
      WHERE id = $1 AND status = 'running' AND lease_owner = $2 AND attempt = $3`,
    values: [
      write.id,
      write.runnerId,
      write.attempt,
      write.progress ?? null,
      write.message ?? null,
      write.now,
    ],
  });
  return result.rowCount === 1;
}
