/** The most tasks one claim takes beyond the free slots. */
const MAX_BURST = 512;
/** How long a batch claimed ahead may take to run before the next claim takes fewer. */
const BURST_MS = 20;

/**
 * How many tasks a runner's next claim takes: its free slots, or more on a store that settles and
 * claims in one write (`enabled`), while the tasks are short: every attempt of the last batch
 * ended in the turn it started (it never waited on I/O or a timer) and the whole batch ran within
 * BURST_MS. Then a task claimed ahead waits less than BURST_MS for its slot, and one write covers
 * many tasks. The batch doubles while that holds (up to MAX_BURST), halves when the batch ran
 * longer, and is back to the free slots as soon as an attempt outlives its turn.
 */
export class ClaimSizer {
  private burst: number;
  private batchClaimedAt = 0;
  private outlivedTurn = false;
  private turn = 0;
  private turnScheduled = false;

  constructor(
    private readonly concurrency: number,
    private readonly now: () => number,
    private readonly enabled: boolean,
  ) {
    this.burst = concurrency;
  }

  /** `busy`: an attempt of the last batch is still running or waiting for a slot. */
  limit(free: number, busy: boolean): number {
    if (!this.enabled) return free;
    if (busy || this.outlivedTurn) {
      this.burst = this.concurrency;
      return free;
    }
    const ranMs = this.now() - this.batchClaimedAt;
    this.burst =
      ranMs > BURST_MS
        ? Math.max(this.concurrency, this.burst >> 1)
        : Math.min(MAX_BURST, Math.max(this.concurrency, this.burst * 2));
    return Math.max(free, this.burst);
  }

  batchClaimed(): void {
    this.batchClaimedAt = this.now();
    this.outlivedTurn = false;
  }

  /** Returns the turn the attempt starts in, for `attemptEnded`. */
  attemptStarted(): number {
    // Counts turns of the event loop while attempts run: one timer per turn, not per attempt.
    if (!this.turnScheduled) {
      this.turnScheduled = true;
      setImmediate(() => {
        this.turn++;
        this.turnScheduled = false;
      });
    }
    return this.turn;
  }

  attemptEnded(startedTurn: number): void {
    if (this.turn !== startedTurn) this.outlivedTurn = true;
  }
}
