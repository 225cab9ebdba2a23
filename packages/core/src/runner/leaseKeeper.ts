import type { Logger } from "pino";
import type { Lease } from "../store/rows.js";
import type { Store } from "../store/store.js";
import type { ActiveAttempt } from "./activeAttempt.js";

export interface LeaseKeeperOptions {
  store: Store;
  runnerId: string;
  leaseMs: number;
  heartbeatMs: number;
  now: () => number;
  logger: Logger;
  /** The attempts whose leases this runner holds now (running, or with an outcome being written). */
  held: () => Iterable<ActiveAttempt>;
  /** Texts stored on tasks whose lease ran out with no attempts left, or with an abort requested. */
  leaseExpiredError: string;
  abortedError: string;
  abortReason: string;
  /** Tasks went back to pending: a claim may find them. */
  onReleased: () => void;
}

/** The key of one lease: a later claim of the same task has another. */
function leaseKey(lease: Lease): string {
  return `${lease.id}#${lease.leaseNumber}`;
}

/**
 * Keeps this runner's leases alive (heartbeat) and hands back the tasks of runners that died
 * (reaper), every `heartbeatMs`. An answer stops only the attempts it was asked about: each lease
 * is looked up in the snapshot taken when the heartbeat was sent, so an answer that arrives after
 * the same task was claimed again can never stop the new attempt.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeaseKeeperOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.busy) this.done = this.beat();
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  /** No more heartbeats; resolves once one already under way has finished. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.done;
  }

  private async beat(): Promise<void> {
    const { store, now, runnerId, leaseMs } = this.options;
    this.busy = true;
    try {
      const asked = new Map<string, ActiveAttempt>();
      for (const attempt of this.options.held()) asked.set(leaseKey(attempt.lease), attempt);
      if (asked.size > 0) {
        const leases = [...asked.values()].map((attempt) => attempt.lease);
        const result = await store.heartbeat({ runnerId, leases, leaseMs, now: now() });
        for (const lease of result.lost) asked.get(leaseKey(lease))?.stop({ kind: "lost" });
        for (const lease of result.abortRequested)
          asked.get(leaseKey(lease))?.stop({ kind: "abort", reason: this.options.abortReason });
      }
      const released = await store.releaseExpired({
        now: now(),
        leaseExpiredError: this.options.leaseExpiredError,
        abortedError: this.options.abortedError,
      });
      if (released > 0) this.options.onReleased();
    } catch (error) {
      this.options.logger.warn({ err: error }, "errand: heartbeat failed; will retry");
    } finally {
      this.busy = false;
    }
  }
}
