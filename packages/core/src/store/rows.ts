import type { TaskStatus } from "../task/record.js";
import type { ClaimLimits } from "./claimRules.js";

/**
 * A task as a store keeps it. Payloads (`input`, `output`, `error`) are opaque superjson text
 * made by core, so every store keeps them alike; times are epoch milliseconds.
 */
export interface TaskRow {
  id: string;
  name: string;
  input: string;
  status: TaskStatus;
  output: string | null;
  error: string | null;
  attempt: number;
  maxAttempts: number;
  priority: number;
  runAt: number;
  parentId: string | null;
  idempotencyKey: string | null;
  progress: number | null;
  statusMessage: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  /** The runner holding a running task, and until when; another runner may take it after. */
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  /**
   * Counts the claims of this task: each claim adds one and nothing takes it back, so
   * (id, leaseNumber) names one lease even after `continue` or `retry` counted attempts afresh.
   */
  leaseNumber: number;
  /** Set when an abort was asked for while the task ran; the runner sees it on its next heartbeat. */
  abortRequestedAt: number | null;
  /** The task's `concurrency.key(input)`, computed at trigger; null without a key function. */
  concurrencyKey: string | null;
  /** The task's `rateLimit.key(input)`, computed at trigger; null without a key function. */
  rateKey: string | null;
  /** The trigger's `debounce.key`: a later trigger with it replaces this task while it is pending. */
  debounceKey: string | null;
}

export interface NewTaskRow {
  id: string;
  name: string;
  input: string;
  maxAttempts: number;
  priority: number;
  runAt: number;
  parentId: string | null;
  idempotencyKey: string | null;
  createdAt: number;
  concurrencyKey: string | null;
  rateKey: string | null;
  debounceKey: string | null;
}

/**
 * What `insert` reports for one candidate, in the candidates' order: `CREATED`, or the task that
 * stands for it.
 */
export type InsertResult = Created | Existing;

/**
 * The candidate was stored as `newRow(candidate)`. The row is not sent back: the caller holds the
 * candidate, and a bulk trigger keeps every result until it returns (a copy of each row cost a
 * SQLite bulk trigger about a tenth of its rate, most of it the collector moving the copies).
 */
export interface Created {
  readonly created: true;
}

/**
 * Not created: a task with the same name and idempotency key already existed (`row` is that one),
 * or a pending task with the same name and debounce key took the new input (`replaced`; `row` is
 * that task as changed by `debouncedRow`).
 */
export interface Existing {
  row: TaskRow;
  created: false;
  replaced?: boolean;
}

export interface ListQuery {
  name?: string | undefined;
  status?: TaskStatus | undefined;
  parentId?: string | undefined;
  /** Inclusive bounds on `createdAt`, epoch ms. */
  createdFrom?: number | undefined;
  createdTo?: number | undefined;
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

export interface ListPage {
  /** Newest first. */
  rows: TaskRow[];
  nextCursor: string | null;
}

export type MutationResult =
  | { result: "ok"; row: TaskRow }
  | { result: "not_found" }
  | { result: "conflict"; status: TaskStatus };

export type AbortResult =
  /** It was pending: aborted at once. */
  | { result: "aborted"; row: TaskRow }
  /** It is running: the runner is asked to stop it. */
  | { result: "requested"; row: TaskRow }
  | { result: "not_found" }
  | { result: "conflict"; status: TaskStatus };

export interface PendingPatch {
  input?: string;
  priority?: number;
  runAt?: number;
  maxAttempts?: number;
}

export interface ClaimRequest {
  runnerId: string;
  /** Only tasks with these names; all when absent. */
  names?: readonly string[] | undefined;
  limit: number;
  leaseMs: number;
  now: number;
  /**
   * The flow-control limits of the runner's tasks (see claimRules.ts); a name not in it has none.
   * Paused names are never claimed, whatever this says.
   */
  limits?: ClaimLimits | undefined;
}

/** One claim of one task. An answer about a lease never touches a later claim of the same task. */
export interface Lease {
  id: string;
  leaseNumber: number;
}

export interface HeartbeatRequest {
  runnerId: string;
  leases: readonly Lease[];
  leaseMs: number;
  now: number;
}

export interface HeartbeatResult {
  /** Leases this runner no longer holds (taken over, settled, or the task deleted): stop them. */
  lost: Lease[];
  /** Leases whose task was asked to abort. */
  abortRequested: Lease[];
}

export type SettlementOutcome =
  | { type: "success"; output: string }
  | { type: "retry"; error: string; runAt: number }
  | { type: "failed"; error: string }
  | { type: "aborted"; error: string }
  /** Back to pending with a new checkpoint input (when given), attempt reset: a new run, not a retry. */
  | { type: "continue"; input: string | null; runAt: number }
  /** Back to pending as if never claimed (attempt not counted), for a runner that stops. */
  | { type: "release" };

export interface Settlement {
  id: string;
  runnerId: string;
  /** The lease being settled: a settlement for an older lease or another runner is refused. */
  leaseNumber: number;
  /** The attempt that lease ran, as recorded in the attempt history. */
  attempt: number;
  outcome: SettlementOutcome;
}

/** What `settleAndClaim` returns: `settle`'s answer, then `claim`'s. */
export interface SettledAndClaimed {
  applied: boolean[];
  claimed: TaskRow[];
}

export interface StatusWrite {
  id: string;
  runnerId: string;
  leaseNumber: number;
  progress?: number | undefined;
  message?: string | undefined;
  now: number;
}

export interface ReleaseExpiredRequest {
  now: number;
  /** Stored as `error` on tasks failed because their lease ran out with no attempts left. */
  leaseExpiredError: string;
  /** Stored as `error` on tasks whose abort was asked for before their runner was lost. */
  abortedError: string;
}

/** How an attempt ended, as kept in a task's attempt history. */
export type AttemptEnd = "success" | "failed" | "aborted" | "retry" | "continue" | "released" | "expired";

/** One ended attempt of a task; a store keeps every one, oldest first. */
export interface AttemptRow {
  taskId: string;
  leaseNumber: number;
  attempt: number;
  startedAt: number;
  finishedAt: number;
  end: AttemptEnd;
  /** superjson text of the attempt's error, or null (success, continue, released, expired). */
  error: string | null;
}

export interface LogEntry {
  taskId: string;
  attempt: number;
  at: number;
  level: string;
  message: string;
  /** superjson text of the structured fields, or null. */
  data: string | null;
}

export interface StatsRow {
  name: string;
  status: TaskStatus;
  count: number;
}

/** The last tick a schedule handled (fired or skipped), kept so catch-up knows where to resume. */
export interface ScheduleTick {
  /** The task's name. */
  name: string;
  /** The schedule's key (its cron and time zone, see schedule/tickKey.ts). */
  scheduleKey: string;
  /** Epoch ms of the tick. */
  tick: number;
}
