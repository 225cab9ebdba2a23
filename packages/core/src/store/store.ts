import type { TaskChange } from "../feed/taskChange.js";
import type {
  AbortResult,
  AttemptRow,
  ClaimRequest,
  HeartbeatRequest,
  HeartbeatResult,
  InsertResult,
  ListPage,
  ListQuery,
  LogEntry,
  MutationResult,
  NewTaskRow,
  PendingPatch,
  ReleaseExpiredRequest,
  ScheduleTick,
  SettledAndClaimed,
  Settlement,
  StatsRow,
  StatusWrite,
  TaskRow,
} from "./rows.js";

/** Options a caller passes through to the store, e.g. the app's open transaction. */
export interface StoreScope {
  /** A store-specific transaction handle (e.g. a `pg.PoolClient` inside BEGIN for Postgres). */
  transaction?: unknown;
  /**
   * The errand instance that inserts, set when it wakes its own runners in process right after
   * the insert (never inside a caller's transaction). A store whose `subscribe` announces inserts
   * passes it to the subscribers, so those runners can skip the announcement they were woken for.
   */
  origin?: string;
}

/**
 * Where tasks live. Every state change is defined once in `transitions.ts` (exported from
 * `@errand/core/store`); every store passes the conformance suite in `@errand/core/conformance`,
 * which checks each store's changes against those definitions. Times come from the caller (`now`)
 * so runners agree on them and tests can move the clock.
 *
 * Rules every store keeps:
 * - `insert` is all or nothing; a row whose (name, idempotencyKey) exists is not inserted, the
 *   existing row comes back with `created: false`. A created row is stored as `newRow(candidate)`
 *   and reported as `CREATED`: a bulk trigger builds its records from the candidates while the
 *   store is still inserting.
 * - `claim` takes due pending tasks (runAt <= now) ordered by priority (higher first), then runAt,
 *   then id, marks them running under a lease, and two concurrent claims never get the same task.
 * - `settle`, `heartbeat` and `setStatus` only touch a task still running under that runner's lease
 *   (same `leaseNumber`): a runner that lost its lease can never overwrite another's work.
 * - every attempt that started and ended (settled or expired) is kept in the attempt history, in the
 *   same transaction as the change that ended it.
 */
export interface Store {
  /** Creates or migrates the schema. Safe to call again and from several processes at once. */
  init(): Promise<void>;
  close(): Promise<void>;

  insert(rows: readonly NewTaskRow[], scope?: StoreScope): Promise<InsertResult[]>;
  /**
   * Optional: inserts the rows of `chunks` as `insert` would, all or nothing, pulling the next chunk
   * while the last one is being written, so a bulk trigger validates and stores at once instead of
   * one after the other. Every row is new: core sends no row with an idempotency or debounce key
   * here, so each is created as `newRow(candidate)` and nothing comes back. If `chunks` throws,
   * nothing is stored (inside `scope.transaction` too: the app's own work stays) and that error is
   * rethrown as is. Without it, core gathers the rows and calls `insert`.
   */
  insertStream?(chunks: AsyncIterable<readonly NewTaskRow[]>, scope?: StoreScope): Promise<void>;
  get(id: string): Promise<TaskRow | null>;
  /** The task's ended attempts, oldest first; empty for an unknown id. */
  attempts(taskId: string): Promise<AttemptRow[]>;
  list(query: ListQuery): Promise<ListPage>;
  stats(): Promise<StatsRow[]>;

  /** Only while pending. */
  updatePending(id: string, patch: PendingPatch, now: number): Promise<MutationResult>;
  /** Not while running. */
  delete(id: string): Promise<MutationResult>;
  /** Pending: aborted now with `error`. Running: abort requested. Finished: conflict. */
  requestAbort(id: string, error: string, now: number): Promise<AbortResult>;
  /** Failed or aborted: back to pending, attempts counted from zero again. */
  retry(id: string, now: number): Promise<MutationResult>;

  /**
   * Also keeps the flow-control rules of `claimRules.ts`: never a paused name, never past a
   * concurrency or rate limit of `request.limits`, skipping (not failing) the tasks over a limit.
   */
  claim(request: ClaimRequest): Promise<TaskRow[]>;
  /** No claim takes a task of this name until `resume`; pending ones wait. Idempotent. */
  pause(name: string, now: number): Promise<void>;
  resume(name: string): Promise<void>;
  /** The paused task names, sorted. */
  pausedNames(): Promise<string[]>;
  heartbeat(request: HeartbeatRequest): Promise<HeartbeatResult>;
  /**
   * Applies each settlement in order; `applied[i]` is false when the lease was no longer held.
   * A task whose abort was requested ends `aborted` (with `abortedError`) unless it settles as
   * success, failed or aborted: an abort must never turn into another attempt.
   */
  settle(settlements: readonly Settlement[], now: number, abortedError: string): Promise<boolean[]>;
  /**
   * Optional: `settle` and then `claim` as one write, for stores where each write transaction or
   * round trip is the main cost of a short task (SQLite, Postgres). The result is what the two calls would return; the
   * settlements are applied first, so a task they hand back may be claimed again at once. A runner
   * on a store that has it records each turn's outcomes and claims the next tasks in one write,
   * and claims more than its free slots while every task ends within the turn (see the runner).
   */
  settleAndClaim?(
    settlements: readonly Settlement[],
    now: number,
    abortedError: string,
    claim: ClaimRequest,
  ): Promise<SettledAndClaimed>;
  setStatus(write: StatusWrite): Promise<boolean>;
  /**
   * Running tasks whose lease ran out go back to pending in their old place (attempt not counted
   * if it never started), or fail (no attempts left), or abort.
   */
  releaseExpired(request: ReleaseExpiredRequest): Promise<number>;

  /** The last handled tick of every schedule the store has seen. */
  scheduleTicks(): Promise<ScheduleTick[]>;
  /**
   * Records that a schedule handled `tick`. The stored tick only ever moves forward: a runner
   * recording an older tick (it was slower) leaves the later one in place.
   */
  recordScheduleTick(tick: ScheduleTick, now: number): Promise<void>;

  appendLogs(entries: readonly LogEntry[]): Promise<void>;
  logs(taskId: string, options?: { limit?: number }): Promise<LogEntry[]>;

  /**
   * Optional push from other processes: called when tasks may have become due (e.g. Postgres
   * LISTEN/NOTIFY), so idle runners wake at once. Runners poll as well, so it is only a speed-up.
   * `origin`: the insert's `StoreScope.origin`, when the store can tell.
   */
  subscribe?(onTasksAvailable: (origin?: string) => void): () => void;

  /**
   * Optional push of changes made by other processes (Postgres LISTEN/NOTIFY, SQLite's
   * data_version), for `errand.changes`; it may report this process's own writes too. Core
   * reports writes made through an errand itself, so a store only running in one process (memory)
   * implements it as a no-op. Without it, readers that must see other processes poll.
   */
  watchChanges?(listener: (change: TaskChange) => void): () => void;
}
