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
    ${a}.lease_expires_at::float8 AS "leaseExpiresAt", ${a}.lease_number AS "leaseNumber",
    ${a}.abort_requested_at::float8 AS "abortRequestedAt", ${a}.concurrency_key AS "concurrencyKey",
    ${a}.rate_key AS "rateKey", ${a}.debounce_key AS "debounceKey"`;
}
