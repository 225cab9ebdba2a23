import type { NewTaskRow, TaskRow } from "@errand/core";

/**
 * The select list that turns a tasks row into a `TaskRow` as pg returns it, with no mapping in JS:
 * columns are aliased to the row's field names and epoch-ms bigints are cast to float8, which pg
 * parses to numbers (exact below 2^53; pg would return bigint as a string).
 */
export function rowColumns(alias: string): string {
  const a = alias;
  return `${a}.id::text AS id, ${a}.name, ${a}.input, ${a}.status, ${a}.output, ${a}.error,
    ${a}.attempt, ${a}.max_attempts AS "maxAttempts", ${a}.priority, ${a}.run_at::float8 AS "runAt",
    ${a}.parent_id AS "parentId", ${a}.idempotency_key AS "idempotencyKey", ${a}.progress,
    ${a}.status_message AS "statusMessage", ${a}.created_at::float8 AS "createdAt",
    ${a}.started_at::float8 AS "startedAt", ${a}.finished_at::float8 AS "finishedAt",
    ${a}.updated_at::float8 AS "updatedAt", ${a}.lease_owner AS "leaseOwner",
    ${a}.lease_expires_at::float8 AS "leaseExpiresAt", ${a}.abort_requested_at::float8 AS "abortRequestedAt"`;
}

/** The row a successful insert stores, built here rather than read back: 200,000 rows need not travel twice. */
export function insertedRow(candidate: NewTaskRow): TaskRow {
  return {
    ...candidate,
    status: "pending",
    output: null,
    error: null,
    attempt: 0,
    progress: null,
    statusMessage: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: candidate.createdAt,
    leaseOwner: null,
    leaseExpiresAt: null,
    abortRequestedAt: null,
  };
}

/** Claim order: higher priority first, then earlier runAt, then smaller id (UUIDv7: older first). */
export function byClaimOrder(a: TaskRow, b: TaskRow): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.runAt !== b.runAt) return a.runAt - b.runAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
