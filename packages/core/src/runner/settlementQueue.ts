import type { Logger } from "pino";
import type { Settlement } from "../store/rows.js";
import type { Store } from "../store/store.js";

const RETRY_DELAYS_MS = [50, 200, 500, 1_000, 2_000, 5_000];

/**
 * Collects the outcomes of attempts that end in the same turn and writes them in one store call.
 * A settlement that cannot be written is retried: giving up would leave the task to be run again
 * when its lease runs out, which at-least-once allows but a healthy store should never cause.
 */
export class SettlementQueue {
  private batch: { settlement: Settlement; resolve: (applied: boolean) => void }[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly abortedError: string,
    private readonly logger: Logger,
  ) {}

  push(settlement: Settlement): Promise<boolean> {
    return new Promise((resolve) => {
      this.batch.push({ settlement, resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.inFlight = this.inFlight.then(() => this.writeBatch());
        });
      }
    });
  }

  /** Resolves when everything pushed so far is written (or given up on). */
  async drain(): Promise<void> {
    while (this.scheduled || this.batch.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.inFlight;
    }
    await this.inFlight;
  }

  private async writeBatch(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    this.scheduled = false;
    if (batch.length === 0) return;
    const settlements = batch.map((entry) => entry.settlement);
    for (let attempt = 0; ; attempt++) {
      try {
        const applied = await this.store.settle(settlements, this.now(), this.abortedError);
        for (const [i, entry] of batch.entries()) entry.resolve(applied[i] ?? false);
        return;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.logger.error(
            { err: error, count: batch.length },
            "errand: could not record task outcomes; their leases will expire and they will run again",
          );
          for (const entry of batch) entry.resolve(false);
          return;
        }
        this.logger.warn(
          { err: error, retryInMs: delay },
          "errand: recording task outcomes failed; retrying",
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
