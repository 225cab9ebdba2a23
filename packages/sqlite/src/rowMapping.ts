import type { AttemptEnd, AttemptRow, ClaimRequest, TaskRow, TaskStatus } from "@errand/core/store";

/**
 * A row as SQLite returns it in raw mode: the values of `TASK_COLUMNS`, in that order. Raw arrays
 * instead of objects: better-sqlite3 builds a 21-key object per row slowly, and claims read many rows.
 */
export type DbTaskRow = unknown[];

/** The column order every row-returning statement selects; `fromDb` reads by these positions. */
export const TASK_COLUMNS =
  "id, name, input, status, output, error, attempt, max_attempts, priority, run_at, parent_id, idempotency_key, progress, status_message, created_at, started_at, finished_at, updated_at, lease_owner, lease_expires_at, abort_requested_at, lease_number, concurrency_key, rate_key, debounce_key";

export function fromDb(v: DbTaskRow): TaskRow {
  return {
    id: v[0] as string,
    name: v[1] as string,
    input: v[2] as string,
    status: v[3] as TaskStatus,
    output: v[4] as string | null,
    error: v[5] as string | null,
    attempt: v[6] as number,
    maxAttempts: v[7] as number,
    priority: v[8] as number,
    runAt: v[9] as number,
    parentId: v[10] as string | null,
    idempotencyKey: v[11] as string | null,
    progress: v[12] as number | null,
    statusMessage: v[13] as string | null,
    createdAt: v[14] as number,
    startedAt: v[15] as number | null,
    finishedAt: v[16] as number | null,
    updatedAt: v[17] as number,
    leaseOwner: v[18] as string | null,
    leaseExpiresAt: v[19] as number | null,
    abortRequestedAt: v[20] as number | null,
    leaseNumber: v[21] as number,
    concurrencyKey: v[22] as string | null,
    rateKey: v[23] as string | null,
    debounceKey: v[24] as string | null,
  };
}

/** The columns a claimed row may hold a value in, and a pending task seldom does (see CLAIMED_COLUMNS). */
const SELDOM_SET =
  "output, error, parent_id, idempotency_key, progress, status_message, finished_at, abort_requested_at, concurrency_key, rate_key, debounce_key";

/**
 * What the claim returns of each row it takes. better-sqlite3 hands over each value of a RETURNING
 * row one by one, about 0.07 µs apiece, and a claim returns hundreds of rows per turn: 25 columns
 * cost about 1 µs a task, a tenth of an end-to-end no-op task. So the columns the claim itself sets
 * (status, lease owner and expiry, started and updated at) are not returned but known, and those
 * nearly always NULL come back as one NULL, or as one JSON array in SELDOM_SET's order when any is set.
 */
export const CLAIMED_COLUMNS = `id, name, input, attempt, max_attempts, priority, run_at, created_at, lease_number,
  CASE WHEN COALESCE(${SELDOM_SET}) IS NULL THEN NULL ELSE json_array(${SELDOM_SET}) END`;

/** A row as the claim returns it (CLAIMED_COLUMNS), with what the claim set filled in from its request. */
export function claimedFromDb(
  v: DbTaskRow,
  request: Pick<ClaimRequest, "runnerId" | "leaseMs" | "now">,
): TaskRow {
  const seldom = v[9] === null ? null : (JSON.parse(v[9] as string) as unknown[]);
  return {
    id: v[0] as string,
    name: v[1] as string,
    input: v[2] as string,
    status: "running",
    output: (seldom?.[0] ?? null) as string | null,
    error: (seldom?.[1] ?? null) as string | null,
    attempt: v[3] as number,
    maxAttempts: v[4] as number,
    priority: v[5] as number,
    runAt: v[6] as number,
    parentId: (seldom?.[2] ?? null) as string | null,
    idempotencyKey: (seldom?.[3] ?? null) as string | null,
    progress: (seldom?.[4] ?? null) as number | null,
    statusMessage: (seldom?.[5] ?? null) as string | null,
    createdAt: v[7] as number,
    startedAt: request.now,
    finishedAt: (seldom?.[6] ?? null) as number | null,
    updatedAt: request.now,
    leaseOwner: request.runnerId,
    leaseExpiresAt: request.now + request.leaseMs,
    abortRequestedAt: (seldom?.[7] ?? null) as number | null,
    leaseNumber: v[8] as number,
    concurrencyKey: (seldom?.[8] ?? null) as string | null,
    rateKey: (seldom?.[9] ?? null) as string | null,
    debounceKey: (seldom?.[10] ?? null) as string | null,
  };
}

export const ATTEMPT_COLUMNS = "task_id, lease_number, attempt, started_at, finished_at, ended_as, error";

export function attemptFromDb(v: unknown[]): AttemptRow {
  return {
    taskId: v[0] as string,
    leaseNumber: v[1] as number,
    attempt: v[2] as number,
    startedAt: v[3] as number,
    finishedAt: v[4] as number,
    end: v[5] as AttemptEnd,
    error: v[6] as string | null,
  };
}
