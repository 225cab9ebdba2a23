import { hostname } from "node:os";
import { abortError, DEFAULT_ABORT_REASON } from "../errand/createTaskManager.js";
import type { ErrandRuntime } from "../errand/runtime.js";
import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import { Scheduler } from "../schedule/scheduler.js";
import { type ClaimLimits, hasLimits } from "../store/claimRules.js";
import type { ClaimRequest, Settlement, TaskRow } from "../store/rows.js";
import { claimLimitsOf } from "../task/limits.js";
import { newTaskId } from "../util/ids.js";
import { ActiveAttempt } from "./activeAttempt.js";
import { ClaimSizer, cpuMs } from "./claimSizer.js";
import { type AttemptDeps, executeAttempt } from "./executeAttempt.js";
import { LeaseKeeper } from "./leaseKeeper.js";
import { errorText } from "./settlementFor.js";
import { SettlementQueue } from "./settlementQueue.js";
import { TaskLogCapture } from "./taskLogCapture.js";

export interface RunnerOptions {
  /** Attempts run at once. Default 10. */
  concurrency?: number;
  /** Only run these tasks. Default: every task registered with this errand. */
  names?: readonly string[];
  /** How long a claim holds before another runner may take the task over. Default 10,000 ms. */
  leaseMs?: number;
  /** How often held leases are extended and expired ones released. Default leaseMs / 3. */
  heartbeatMs?: number;
  /** How often an idle runner looks for due tasks when nothing wakes it. Default 1,000 ms. */
  pollIntervalMs?: number;
  /** Level of task log lines that are kept with the task. Default "info". */
  taskLogLevel?: string;
  /**
   * Fire the schedules of the tasks this runner runs. Every runner may: each tick still fires once
   * (see docs/flow-control.md). Default true.
   */
  schedules?: boolean;
  /** Unique per runner; shows who holds a lease. Default host:pid:random. */
  id?: string;
}

export interface StopOptions {
  /** How long in-flight attempts may take to finish before they are handed back. Default 10,000 ms. */
  graceMs?: number;
}

type RunnerState = "idle" | "running" | "stopping" | "stopped";

/**
 * A runner: `iterate` claims due tasks under a lease, `run` executes each attempt, and the
 * controller's outcome is recorded. Delivery is at least once: a runner that dies leaves its
 * tasks to others once their leases run out.
 */
export class Runner {
  readonly id: string;
  private state: RunnerState = "idle";
  /**
   * Attempts, never task ids: a task that continues or retries at once may be claimed again by
   * this runner while its previous attempt's bookkeeping is still going.
   */
  private readonly active = new Set<ActiveAttempt>();
  /** Attempts whose outcome is queued but not yet written: their slot is free, their lease still held. */
  private readonly settling = new Set<ActiveAttempt>();
  /**
   * Claimed beyond the free slots, in claim order, started as slots free up. Only while tasks are
   * short (see ClaimSizer), so a task waits here about one short batch: its lease is kept alive
   * with the others', an abort or a lost lease stops it before it runs, and a stopping runner
   * hands it back without running it.
   */
  private readonly ready: ActiveAttempt[] = [];
  private readonly attemptDeps: AttemptDeps;
  private readonly sizer: ClaimSizer;
  private readonly leases: LeaseKeeper;
  private readonly settlements: SettlementQueue;
  private readonly logs: TaskLogCapture;
  private readonly scheduler: Scheduler | undefined;
  private readonly concurrency: number;
  private readonly names: readonly string[];
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private wake: (() => void) | null = null;
  private wakePending = false;
  /** Counts signals that tasks may have become due: a trigger, a notification, a released lease. */
  private availableSignals = 0;
  /** `availableSignals` when the latest claim request was built, by the loop or by a write. */
  private signalsAtClaim = 0;
  /** Whether the latest claim to come back took fewer tasks than it asked for: none more were due. */
  private dueExhausted = false;
  /** performance.now() when the latest claim request was built. */
  private claimBuiltAt = 0;
  /** Whether the runner may hold claimed tasks beyond its free slots (see ClaimSizer). */
  private readonly claimAhead: boolean;
  /** Whether flow-control limits apply to what it claims: a claim may then stop short of due tasks. */
  private readonly limited: boolean;
  /** Flow-control limits of the tasks it claims, enforced by the store's claim (claimRules.ts). */
  private readonly limits: ClaimLimits;
  private loopDone: Promise<void> = Promise.resolve();
  private unsubscribers: (() => void)[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly runtime: ErrandRuntime,
    options: RunnerOptions = {},
  ) {
    this.id = options.id ?? `${hostname()}:${process.pid}:${newTaskId().slice(-12)}`;
    this.concurrency = positiveInt(options.concurrency ?? 10, "concurrency");
    this.leaseMs = positiveInt(options.leaseMs ?? 10_000, "leaseMs");
    const heartbeatMs = positiveInt(
      options.heartbeatMs ?? Math.max(1, Math.floor(this.leaseMs / 3)),
      "heartbeatMs",
    );
    this.pollIntervalMs = positiveInt(options.pollIntervalMs ?? 1_000, "pollIntervalMs");
    const known = [...runtime.definitions.keys()];
    const unknown = (options.names ?? []).filter((name) => !runtime.definitions.has(name));
    if (unknown.length > 0) {
      throw new TaskError(
        TaskErrorCode.UNKNOWN_TASK,
        `runner({ names }): no task named ${unknown.join(", ")}. Known tasks: ${known.join(", ")}`,
      );
    }
    // Only claim what this process can run: another deployment may know tasks this one does not.
    this.names = options.names ?? known;
    this.limits = claimLimitsOf(this.names.map((name) => runtime.definitions.get(name)!));
    const lostAbortError = abortError(`${DEFAULT_ABORT_REASON} (its runner was lost before it stopped)`);
    // Tasks claimed ahead would hold a concurrency slot, or use up a rate window, while they wait
    // for a free slot here: with limits, claim only what can start at once.
    this.limited = hasLimits(this.limits, this.names);
    this.claimAhead = runtime.store.settleAndClaim !== undefined && !this.limited;
    this.sizer = new ClaimSizer(this.concurrency, cpuMs, this.claimAhead);
    this.settlements = new SettlementQueue(runtime.store, runtime.now, lostAbortError, runtime.logger, {
      nextClaim: () => {
        if (this.state !== "running") return null;
        const request = this.claimRequest();
        // No slot free (long tasks still running): write the outcomes alone.
        return request.limit > 0 ? request : null;
      },
      claimed: (rows, request) => this.claimed(rows, request),
    });
    this.leases = new LeaseKeeper({
      store: runtime.store,
      runnerId: this.id,
      leaseMs: this.leaseMs,
      heartbeatMs,
      now: runtime.now,
      logger: runtime.logger,
      held: () => [...this.active.values(), ...this.settling.values(), ...this.ready],
      leaseExpiredError: errorText(
        new TaskError(
          TaskErrorCode.LEASE_EXPIRED,
          "The runner holding this task stopped responding and no attempts were left",
        ),
      ),
      abortedError: lostAbortError,
      abortReason: DEFAULT_ABORT_REASON,
      onReleased: () => this.tasksAvailable(),
    });
    this.scheduler = options.schedules === false ? undefined : new Scheduler(runtime, this.names);
    this.logs = new TaskLogCapture(runtime.store, runtime.logger, options.taskLogLevel ?? "info");
    this.attemptDeps = {
      runtime,
      runnerId: this.id,
      settle: (settlement, attempt) => this.attemptDecided(settlement, attempt),
      logs: this.logs,
    };
  }

  get running(): boolean {
    return this.state === "running";
  }

  /** Ids of the attempts this runner holds now. */
  get activeTaskIds(): string[] {
    return [...new Set([...this.active.values()].map((attempt) => attempt.row.id))];
  }

  start(): this {
    if (this.state !== "idle") throw new Error(`Runner ${this.id} was already started`);
    this.state = "running";
    // Announced by the store after this instance's own insert: `signals` woke the runner already.
    const wake = (origin?: string) => {
      if (origin !== this.runtime.origin) this.tasksAvailable();
    };
    this.unsubscribers.push(this.runtime.signals.onTasksAvailable((runAt) => this.wakeAt(runAt)));
    this.unsubscribers.push(
      this.runtime.signals.onAbortRequested((id, reason) => {
        for (const attempt of this.active.values())
          if (attempt.row.id === id) attempt.stop({ kind: "abort", reason });
        for (const attempt of this.ready) if (attempt.row.id === id) attempt.stop({ kind: "abort", reason });
      }),
    );
    if (this.runtime.store.subscribe) this.unsubscribers.push(this.runtime.store.subscribe(wake));
    this.leases.start();
    this.loopDone = this.loop();
    this.scheduler?.start();
    return this;
  }

  /** No new claims; in-flight attempts get `graceMs` to finish, then are handed back as pending. */
  stop(options: StopOptions = {}): Promise<void> {
    this.stopping ??= this.shutdown(options.graceMs ?? 10_000);
    return this.stopping;
  }

  private async shutdown(graceMs: number): Promise<void> {
    if (this.state === "idle") {
      this.state = "stopped";
      return;
    }
    this.state = "stopping";
    this.wakeUp();
    await this.scheduler?.stop();
    await this.loopDone;
    // Claimed but not started: handed back now, without running (executeAttempt sees the stop).
    for (const attempt of this.ready.splice(0)) {
      attempt.stop({ kind: "shutdown" });
      this.startAttempt(attempt);
    }
    const deadline = Date.now() + graceMs;
    while (this.active.size > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.min(50, Math.max(1, deadline - Date.now())));
      });
    }
    for (const attempt of this.active.values()) attempt.stop({ kind: "shutdown" });
    while (this.active.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await this.settlements.drain();
    // After-run hooks follow the writes; let them finish before the store may close.
    while (this.settling.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await this.logs.drain();
    if (this.dueTimer) clearTimeout(this.dueTimer.timer);
    // A heartbeat already under way must finish before the caller may close the store.
    await this.leases.stop();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.state = "stopped";
  }

  private async loop(): Promise<void> {
    await this.runtime.ready();
    let polled = true;
    while (this.state === "running") {
      // Outcomes being written still hold their leases. A whole batch may be written while the next
      // runs; past two batches the store is falling behind, so claim nothing until it catches up.
      const free = this.settling.size >= 2 * this.concurrency || this.claimedByWrite() ? 0 : this.freeSlots();
      if (free > 0 && (polled || this.mayFindDue())) {
        try {
          const request = this.claimRequest();
          this.claimed(await this.runtime.store.claim(request), request);
        } catch (error) {
          this.runtime.logger.error(
            { err: error },
            "errand: claiming tasks failed; retrying after the poll interval",
          );
        }
      }
      // Woken by a freed slot, a trigger, a due retry, a notification from the store, or the poll.
      polled = await this.waitForWake(this.pollIntervalMs);
    }
  }

  /**
   * Whether a claim woken by a freed slot may find a due task. Not when the latest claim found
   * fewer than it asked for and nothing was signalled since: it would come back empty, and on
   * Postgres it would run beside the next trigger's insert. What no signal announces (a delayed
   * task of another process coming due, a limit freeing elsewhere) waits for the poll, as it did:
   * counted from the latest claim, since freed slots may wake the loop more often than it.
   */
  private mayFindDue(): boolean {
    return (
      !this.dueExhausted ||
      this.availableSignals !== this.signalsAtClaim ||
      performance.now() - this.claimBuiltAt >= this.pollIntervalMs
    );
  }

  /**
   * Whether a write that settles this turn's outcomes will claim in the loop's place
   * (settleAndClaim). Not when tasks became available after that write built its claim: its
   * snapshot may predate them, and waiting for it and then claiming would add a round trip to
   * their start. Then the loop claims beside it, and what both take beyond the free slots waits in
   * `ready`, which only a runner that may claim ahead has.
   */
  private claimedByWrite(): boolean {
    if (!this.settlements.claimsNext) return false;
    return !this.claimAhead || this.availableSignals === this.signalsAtClaim;
  }

  private freeSlots(): number {
    return this.concurrency - this.active.size - this.ready.length;
  }

  private claimRequest(): ClaimRequest {
    this.signalsAtClaim = this.availableSignals;
    this.claimBuiltAt = performance.now();
    return {
      runnerId: this.id,
      names: this.names,
      limit: this.sizer.limit(this.freeSlots(), this.active.size > 0 || this.ready.length > 0),
      leaseMs: this.leaseMs,
      now: this.runtime.now(),
      limits: this.limits,
    };
  }

  private claimed(rows: readonly TaskRow[], request: ClaimRequest): void {
    // Under limits a short claim may have left due tasks that the end of this runner's own
    // attempts frees (a concurrency group): then every freed slot claims, as before.
    this.dueExhausted = !this.limited && rows.length < request.limit;
    this.sizer.batchClaimed(rows.length);
    for (const row of rows) {
      const attempt = new ActiveAttempt(row);
      // A write under way when the runner began to stop: hand its tasks back without running them.
      if (this.state !== "running") attempt.stop({ kind: "shutdown" });
      if (this.state !== "running" || this.active.size < this.concurrency) this.startAttempt(attempt);
      else this.ready.push(attempt);
    }
  }

  /** Starts claimed-ahead attempts while slots are free. */
  private startReady(): void {
    while (this.ready.length > 0 && this.active.size < this.concurrency)
      this.startAttempt(this.ready.shift()!);
  }

  private startAttempt(attempt: ActiveAttempt): void {
    attempt.startedTurn = this.sizer.attemptStarted();
    this.active.add(attempt);
    void this.runAttempt(attempt);
  }

  /**
   * One async frame per attempt, and one `deps` for all of them: per-attempt closures and promise
   * chains made up a fifth of the memory a short task allocates, and young-generation collections
   * a tenth of its time.
   */
  private async runAttempt(attempt: ActiveAttempt): Promise<void> {
    try {
      await executeAttempt(attempt, this.attemptDeps);
    } catch (error) {
      this.runtime.logger.error(
        { err: error, taskId: attempt.row.id },
        "errand: attempt crashed the runner's bookkeeping",
      );
    } finally {
      this.active.delete(attempt);
      this.settling.delete(attempt);
      this.startReady();
      this.wakeUp();
    }
  }

  /** An attempt's outcome, queued: the slot frees now, so the next task runs while it is written. */
  private attemptDecided(settlement: Settlement, attempt: ActiveAttempt): Promise<boolean> {
    this.active.delete(attempt);
    this.settling.add(attempt);
    this.sizer.attemptEnded(attempt.startedTurn);
    this.startReady();
    this.wakeUp();
    const applied = this.settlements.push(settlement);
    const { outcome } = settlement;
    if (!("runAt" in outcome)) return applied;
    // A retry or continue is due later: wake then rather than at the next poll.
    return applied.then((written) => {
      if (written) this.wakeAt(outcome.runAt);
      return written;
    });
  }

  private dueTimer: { at: number; timer: NodeJS.Timeout } | undefined;

  /** Wakes the loop when a task this process knows of becomes due; one timer, for the earliest. */
  private wakeAt(runAt: number): void {
    const delay = runAt - this.runtime.now();
    if (delay <= 0) {
      this.tasksAvailable();
      return;
    }
    if (this.state !== "running" || delay >= this.pollIntervalMs) return;
    if (this.dueTimer && this.dueTimer.at <= runAt) return;
    if (this.dueTimer) clearTimeout(this.dueTimer.timer);
    const timer = setTimeout(() => {
      this.dueTimer = undefined;
      // Timers may fire a millisecond before the wall clock reaches `runAt`; a claim then would
      // find nothing due and sleep a whole poll, so check again (and re-arm if early).
      this.wakeAt(runAt);
    }, delay);
    timer.unref();
    this.dueTimer = { at: runAt, timer };
  }

  private tasksAvailable(): void {
    this.availableSignals++;
    this.wakeUp();
  }

  private wakeUp(): void {
    this.wakePending = true;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Resolves true when the poll interval passed without a wake-up. */
  private async waitForWake(timeoutMs: number): Promise<boolean> {
    let polled = false;
    if (!this.wakePending) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          polled = true;
          resolve();
        }, timeoutMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.wakePending = false;
    // Let the other attempts that end in this turn finish too, so the next claim fills many slots at once.
    await new Promise((resolve) => setImmediate(resolve));
    return polled;
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TaskError(
      TaskErrorCode.VALIDATION,
      `runner({ ${name} }) must be a whole number of at least 1, got ${value}`,
    );
  }
  return value;
}
