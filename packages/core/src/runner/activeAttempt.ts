import type { TaskRow } from "../store/rows.js";
import type { StopReason } from "./settlementFor.js";

/** One attempt a runner holds: its row, and the signal that stops it. */
export class ActiveAttempt {
  readonly abortController = new AbortController();
  stopReason: StopReason | null = null;

  constructor(readonly row: TaskRow) {}

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  /** The first reason wins: a task timed out and then lost stays timed out. */
  stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.abortController.abort(reason);
  }
}
