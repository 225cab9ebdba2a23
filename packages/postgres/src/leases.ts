import type {
  HeartbeatRequest,
  HeartbeatResult,
  ReleaseExpiredRequest,
  StatusWrite,
} from "@errand/core/store";
import { isUuid, type PgContext, type Queryable } from "./context.js";

/** Extends the leases this runner still holds, in one statement; every other lease is reported lost. */
export async function heartbeat(
  ctx: PgContext,
  db: Queryable,
  request: HeartbeatRequest,
): Promise<HeartbeatResult> {
  const leases = request.leases.filter((lease) => isUuid(lease.id));
  const { rows } =
    leases.length === 0
      ? { rows: [] }
      : await db.query<{ id: string; leaseNumber: number; abort: boolean }>({
          name: ctx.statement("heartbeat"),
          text: `UPDATE ${ctx.tasks} t SET lease_expires_at = $1
            FROM unnest($2::uuid[], $3::int[]) AS l(id, lease_number)
            WHERE t.id = l.id AND t.lease_number = l.lease_number AND t.status = 'running'
              AND t.lease_owner = $4
            RETURNING t.id::text AS id, t.lease_number AS "leaseNumber",
              t.abort_requested_at IS NOT NULL AS abort`,
          values: [
            request.now + request.leaseMs,
            leases.map((lease) => lease.id),
            leases.map((lease) => lease.leaseNumber),
            request.runnerId,
          ],
        });
  const held = new Set(rows.map((row) => `${row.id}#${row.leaseNumber}`));
  return {
    lost: request.leases
      .filter((lease) => !held.has(`${lease.id}#${lease.leaseNumber}`))
      .map(({ id, leaseNumber }) => ({ id, leaseNumber })),
    abortRequested: rows.filter((row) => row.abort).map(({ id, leaseNumber }) => ({ id, leaseNumber })),
  };
}

/**
 * core's expiredRow and endedAttempt as SQL: hands back tasks whose runner stopped heartbeating,
 * pending again in their old place (runAt kept) while attempts remain, else failed; aborted when
 * an abort was asked for; an attempt that never started (claimed ahead, `started_at` NULL) is not counted. The partial
 * index on running tasks keeps this cheap enough for every runner to call on each heartbeat;
 * concurrent callers serialise on the row locks, and the second finds the row no longer running.
 */
export async function releaseExpired(
  ctx: PgContext,
  db: Queryable,
  request: ReleaseExpiredRequest,
): Promise<number> {
  const aborted = "abort_requested_at IS NOT NULL";
  const unstarted = `NOT (${aborted}) AND started_at IS NULL`;
  const exhausted = `NOT (${aborted}) AND started_at IS NOT NULL AND attempt >= max_attempts`;
  const { rows } = await db.query<{ released: number }>({
    name: ctx.statement("release_expired"),
    text: `WITH expired AS (UPDATE ${ctx.tasks} SET
        status = CASE WHEN ${aborted} THEN 'aborted' WHEN ${exhausted} THEN 'failed' ELSE 'pending' END,
        error = CASE WHEN ${aborted} THEN $2 WHEN ${exhausted} THEN $3 ELSE error END,
        finished_at = CASE WHEN ${aborted} OR (${exhausted}) THEN $1 ELSE finished_at END,
        attempt = CASE WHEN ${unstarted} THEN greatest(0, attempt - 1) ELSE attempt END,
        lease_owner = NULL, lease_expires_at = NULL, abort_requested_at = NULL, updated_at = $1
      WHERE status = 'running' AND lease_expires_at <= $1
      RETURNING id, lease_number, attempt, started_at),
    kept AS (INSERT INTO ${ctx.schemaQuoted}.task_attempts
        (task_id, lease_number, attempt, started_at, finished_at, ended_as, error)
      SELECT id, lease_number, attempt, started_at, $1, 'expired', NULL
      FROM expired WHERE started_at IS NOT NULL)
    SELECT count(*)::int AS released FROM expired`,
    values: [request.now, request.abortedError, request.leaseExpiredError],
  });
  return rows[0]?.released ?? 0;
}

/** Progress and message of a running task, only while its runner holds that lease. */
export async function setStatus(ctx: PgContext, db: Queryable, write: StatusWrite): Promise<boolean> {
  if (!isUuid(write.id)) return false;
  const result = await db.query({
    name: ctx.statement("set_status"),
    text: `UPDATE ${ctx.tasks} SET progress = coalesce($4, progress),
        status_message = coalesce($5, status_message), updated_at = $6
      WHERE id = $1 AND status = 'running' AND lease_owner = $2 AND lease_number = $3`,
    values: [
      write.id,
      write.runnerId,
      write.leaseNumber,
      write.progress ?? null,
      write.message ?? null,
      write.now,
    ],
  });
  return result.rowCount === 1;
}
