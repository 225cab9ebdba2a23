import type { TaskStatus } from "../task/record.js";
import type {
  AttemptRow,
  ClaimRequest,
  Created,
  InsertResult,
  Lease,
  NewTaskRow,
  PendingPatch,
  ReleaseExpiredRequest,
  SettlementOutcome,
  TaskRow,
} from "./rows.js";

/**
 * Every change a task's row goes through, defined once. The memory and SQLite stores apply these
 * functions (SQLite writes its plain claim and a held success as SQL); the Postgres store writes
 * them as SQL, and the conformance suite checks every store's rows against these functions
 * (`transitionConformance.ts`). Each returns the fields that change.
 *
 *   pending --claim--> running --settle--> success | failed | aborted
 *                         |  \--settle (retry, continue, release)--> pending
 *                         \--lease expiry--> pending | failed | aborted
 *   failed | aborted --retry--> pending;  pending --abort--> aborted;  running --abort--> (requested)
 */

/** `insert`'s report of a created candidate; one frozen object for all, so nothing is made per row. */
export const CREATED: Created = Object.freeze({ created: true });

/** The id of the task that stands for `candidate` in `insert`'s report: its own, when created. */
export function insertedId(result: InsertResult, candidate: NewTaskRow): string {
  return result.created ? candidate.id : result.row.id;
}

// Rows are built as literals, never by spreading: see rowCopy.ts.
export function newRow(candidate: NewTaskRow): TaskRow {
  return {
    id: candidate.id,
    name: candidate.name,
    input: candidate.input,
    maxAttempts: candidate.maxAttempts,
    priority: candidate.priority,
    runAt: candidate.runAt,
    parentId: candidate.parentId,
    idempotencyKey: candidate.idempotencyKey,
    createdAt: candidate.createdAt,
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
    leaseNumber: 0,
    abortRequestedAt: null,
    concurrencyKey: candidate.concurrencyKey,
    rateKey: candidate.rateKey,
    debounceKey: candidate.debounceKey,
  };
}

/**
 * A trigger with a debounce key finds a pending task of the same name and key: that task takes the
 * new input and run time instead of a second task being added. Once claimed it is no longer
 * pending, so the next trigger adds a new task.
 */
export function isDebounceTarget(row: TaskRow, candidate: NewTaskRow): boolean {
  return (
    candidate.debounceKey !== null &&
    row.status === "pending" &&
    row.name === candidate.name &&
    row.debounceKey === candidate.debounceKey
  );
}

export function debouncedRow(candidate: NewTaskRow): Partial<TaskRow> {
  return { input: candidate.input, runAt: candidate.runAt, updatedAt: candidate.createdAt };
}

/** Whether a claim may take the row. */
export function isClaimable(row: TaskRow, now: number, names: ReadonlySet<string> | null): boolean {
  return row.status === "pending" && row.runAt <= now && (names === null || names.has(row.name));
}

/**
 * Claim order: higher priority first, then earlier runAt, then older id. A task handed back by a
 * stopped or lost runner keeps its runAt, so it keeps its place ahead of a backlog.
 */
export function compareForClaim(a: TaskRow, b: TaskRow): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.runAt !== b.runAt) return a.runAt - b.runAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A claim counts an attempt, takes a new lease and starts the attempt. */
export function claimedRow(
  row: TaskRow,
  request: Pick<ClaimRequest, "runnerId" | "leaseMs" | "now">,
): Partial<TaskRow> {
  return {
    status: "running",
    attempt: row.attempt + 1,
    leaseNumber: row.leaseNumber + 1,
    leaseOwner: request.runnerId,
    leaseExpiresAt: request.now + request.leaseMs,
    startedAt: request.now,
    updatedAt: request.now,
  };
}

/** The only check before a settlement, heartbeat or status write touches a running task. */
export function leaseHeldBy(row: TaskRow, holder: { runnerId: string; leaseNumber: number }): boolean {
  return (
    row.status === "running" && row.leaseOwner === holder.runnerId && row.leaseNumber === holder.leaseNumber
  );
}

/** A heartbeat extends a held lease (and reports the lease as lost or abort-requested). */
export function heartbeatRow(request: { leaseMs: number; now: number }): Partial<TaskRow> {
  return { leaseExpiresAt: request.now + request.leaseMs };
}

export function leaseOf(row: TaskRow): Lease {
  return { id: row.id, leaseNumber: row.leaseNumber };
}

const FINAL = new Set(["success", "failed", "aborted"]);

/** An abort was asked for while it ran: any outcome but a final one ends it aborted, never another attempt. */
export function abortWins(row: TaskRow, outcome: SettlementOutcome): boolean {
  return row.abortRequestedAt !== null && !FINAL.has(outcome.type);
}

export function settledRow(
  row: TaskRow,
  outcome: SettlementOutcome,
  now: number,
  abortedError: string,
): Partial<TaskRow> {
  // Object.assign onto a fresh literal, not `{ ...base, status }`: V8 (Node 20) builds an object
  // from a spread followed by more fields about 50 times slower (3 to 6 µs against 0.1), and this
  // runs once per settled task on SQLite and memory.
  const released = releasedLease(now);
  if (abortWins(row, outcome)) {
    return Object.assign(released, { status: "aborted", error: abortedError, finishedAt: now } as const);
  }
  switch (outcome.type) {
    case "success":
      return Object.assign(released, {
        status: "success",
        output: outcome.output,
        error: null,
        finishedAt: now,
      } as const);
    case "failed":
      return Object.assign(released, { status: "failed", error: outcome.error, finishedAt: now } as const);
    case "aborted":
      return Object.assign(released, { status: "aborted", error: outcome.error, finishedAt: now } as const);
    case "retry":
      return Object.assign(released, {
        status: "pending",
        error: outcome.error,
        runAt: outcome.runAt,
      } as const);
    case "continue":
      return Object.assign(released, {
        status: "pending",
        input: outcome.input ?? row.input,
        attempt: 0,
        error: null,
        runAt: outcome.runAt,
      } as const);
    case "release":
      // Not counted, and its runAt kept: a task a stopping runner hands back keeps its place.
      return Object.assign(released, { status: "pending", attempt: Math.max(0, row.attempt - 1) } as const);
  }
}

/** What every end of a lease writes: no holder, no expiry, no pending abort request. */
function releasedLease(now: number) {
  return { leaseOwner: null, leaseExpiresAt: null, abortRequestedAt: null, updatedAt: now };
}

export function isExpired(row: TaskRow, now: number): boolean {
  return row.status === "running" && row.leaseExpiresAt !== null && row.leaseExpiresAt <= now;
}

/**
 * A running task whose lease ran out: aborted if asked, failed with no attempts left, else pending
 * again with its runAt kept (its runner died: it goes first, not behind the backlog). An attempt
 * that never started (`startedAt` null: a row claimed ahead by the Postgres `prefetch` buffer of
 * an older version) is not counted.
 */
export function expiredRow(row: TaskRow, request: ReleaseExpiredRequest): Partial<TaskRow> {
  // Object.assign, not a spread: see settledRow.
  const released = releasedLease(request.now);
  if (row.abortRequestedAt !== null) {
    return Object.assign(released, {
      status: "aborted",
      error: request.abortedError,
      finishedAt: request.now,
    } as const);
  }
  if (row.startedAt === null) {
    return Object.assign(released, { status: "pending", attempt: Math.max(0, row.attempt - 1) } as const);
  }
  if (row.attempt >= row.maxAttempts) {
    return Object.assign(released, {
      status: "failed",
      error: request.leaseExpiredError,
      finishedAt: request.now,
    } as const);
  }
  return Object.assign(released, { status: "pending" } as const);
}

/**
 * The attempt-history entry for a running row that a settlement or lease expiry ends (`after` is
 * the row once changed), or null when the attempt never started. The error kept is the one the
 * change stored, so the history and the task's `error` always agree.
 */
export function endedAttempt(
  before: TaskRow,
  after: TaskRow,
  ended: SettlementOutcome["type"] | "expired",
): AttemptRow | null {
  if (before.startedAt === null) return null;
  const end =
    after.status === "aborted" && ended !== "expired" ? "aborted" : ended === "release" ? "released" : ended;
  return {
    taskId: before.id,
    leaseNumber: before.leaseNumber,
    attempt: before.attempt,
    startedAt: before.startedAt,
    finishedAt: after.updatedAt,
    end,
    error: end === "failed" || end === "aborted" || end === "retry" ? after.error : null,
  };
}

/** A failed or aborted task sent back to pending by `retry`, with a fresh set of attempts. */
export function retriedRow(now: number): Partial<TaskRow> {
  return {
    status: "pending",
    attempt: 0,
    error: null,
    output: null,
    runAt: now,
    finishedAt: null,
    abortRequestedAt: null,
    updatedAt: now,
  };
}

/** What `requestAbort` does: a pending task ends now, a running one is asked to stop. */
export function abortedRow(row: TaskRow, error: string, now: number): Partial<TaskRow> {
  if (row.status === "pending") return { status: "aborted", error, finishedAt: now, updatedAt: now };
  return { abortRequestedAt: row.abortRequestedAt ?? now, updatedAt: now };
}

/** `updatePending`: the fields given, nothing else. */
export function updatedRow(patch: PendingPatch, now: number): Partial<TaskRow> {
  const change: Partial<TaskRow> = { updatedAt: now };
  if (patch.input !== undefined) change.input = patch.input;
  if (patch.priority !== undefined) change.priority = patch.priority;
  if (patch.runAt !== undefined) change.runAt = patch.runAt;
  if (patch.maxAttempts !== undefined) change.maxAttempts = patch.maxAttempts;
  return change;
}

/** The statuses that allow each management change; any other status is a conflict. */
export const ALLOWED_STATUSES = {
  update: ["pending"],
  delete: ["pending", "success", "failed", "aborted"],
  abort: ["pending", "running"],
  retry: ["failed", "aborted"],
} as const satisfies Record<string, readonly TaskStatus[]>;

export type ManagementAction = keyof typeof ALLOWED_STATUSES;

export function allows(action: ManagementAction, status: TaskStatus): boolean {
  return (ALLOWED_STATUSES[action] as readonly TaskStatus[]).includes(status);
}
