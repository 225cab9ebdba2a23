/** The most tasks one claim takes beyond the free slots. */
const MAX_BURST = 512;
/** How much CPU time a batch claimed ahead may take to run before the next claim takes fewer. */
const BURST_MS = 20;

/**
 * The process's CPU time in ms. A batch is timed by it, not by the wall clock: with more busy
 * processes than cores the wall clock also counts the time the process waited for a core, and
 * batches sized by it shrank, so every task paid for more turns (8 runner processes on 2 cores:
 * 0.81x the rate of 4; with the batch never shrinking, 0.87x).
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * How many tasks a runner's next claim takes: its free slots, or more on a store that settles and
 * claims in one write (`enabled`), while the tasks are short: every attempt of the last batch
 * ended in the turn it started (it never waited on I/O or a timer) and the whole batch took at most
 * BURST_MS of CPU time (`clock`). Then a task claimed ahead waits for at most BURST_MS of the
 * process's work before its slot frees, and one write covers many tasks. The batch doubles while
 * that holds (up to MAX_BURST), halves when the batch ran longer, and is back to the free slots as
 * soon as an attempt outlives its turn or a claim comes back empty. An empty batch says nothing of
 * how long tasks take: an idle runner's empty polls once doubled its batch up to MAX_BURST, and it
 * then took every task of the next trigger for itself, ahead of its slots and of other runners.
 */
export class ClaimSizer {
  private burst: number;
  private batchClaimedAt = 0;
  private outlivedTurn = false;
  /** Whether the last claim took no task (a new runner has claimed nothing yet). */
  private claimedNone = true;
  private turn = 0;
  private turnScheduled = false;

  constructor(
    private readonly concurrency: number,
    private readonly clock: () => number,
    private readonly enabled: boolean,
  ) {
    this.burst = concurrency;
  }

  /** `busy`: an attempt of the last batch is still running or waiting for a slot. */
  limit(free: number, busy: boolean): number {
    if (!this.enabled) return free;
    if (busy || this.outlivedTurn || this.claimedNone) {
      this.burst = this.concurrency;
      return free;
    }
    const ranMs = this.clock() - this.batchClaimedAt;
    this.burst =
      ranMs > BURST_MS
        ? Math.max(this.concurrency, this.burst >> 1)
        : Math.min(MAX_BURST, Math.max(this.concurrency, this.burst * 2));
    return Math.max(free, this.burst);
  }

  batchClaimed(count: number): void {
    this.batchClaimedAt = this.clock();
    this.outlivedTurn = false;
    this.claimedNone = count === 0;
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
