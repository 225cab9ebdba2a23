import type { Lease, TaskRow } from "../store/rows.js";
import type { StopReason } from "./settlementFor.js";

/** One attempt a runner holds: its row, and how it is stopped. */
export class ActiveAttempt {
  stopReason: StopReason | null = null;
  /** The runner's claim sizer turn when this attempt started (ClaimSizer.attemptStarted). */
  startedTurn = 0;
  private controller: AbortController | undefined;
  private onStop: (() => void) | undefined;

  readonly lease: Lease;

  constructor(readonly row: TaskRow) {
    this.lease = { id: row.id, leaseNumber: row.leaseNumber };
  }

  /**
   * Built on first read: most short tasks never look at their signal, and an AbortController per
   * attempt is a measurable share of a no-op task's cost.
   */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopReason) this.controller.abort(this.stopReason);
    }
    return this.controller.signal;
  }

  /** The runner's own wait for a stop; one listener, replaced by the next caller. */
  whenStopped(listener: (() => void) | undefined): void {
    this.onStop = listener;
  }

  /** The first reason wins: a task timed out and then lost stays timed out. */
  stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.controller?.abort(reason);
    this.onStop?.();
  }
}
