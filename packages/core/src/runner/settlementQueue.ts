import type { Logger } from "pino";
import type { Settlement } from "../store/rows.js";
import type { Store } from "../store/store.js";
import { TurnBatcher } from "../util/turnBatcher.js";

const RETRY_DELAYS_MS = [50, 200, 500, 1_000, 2_000, 5_000];

type Entry = { settlement: Settlement; resolve: (applied: boolean) => void };

/**
 * Collects the outcomes of attempts that end in the same turn and writes them in one store call.
 * A settlement that cannot be written is retried: giving up would leave the task to be run again
 * when its lease runs out, which at-least-once allows but a healthy store should never cause.
 */
export class SettlementQueue {
  private readonly batcher: TurnBatcher<Entry>;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly abortedError: string,
    private readonly logger: Logger,
  ) {
    this.batcher = new TurnBatcher(
      (batch) => this.writeBatch(batch),
      (error) => logger.error({ err: error }, "errand: recording task outcomes crashed"),
    );
  }

  push(settlement: Settlement): Promise<boolean> {
    return new Promise((resolve) => this.batcher.add({ settlement, resolve }));
  }

  /** Resolves when everything pushed so far is written (or given up on). */
  drain(): Promise<void> {
    return this.batcher.drain();
  }

  private async writeBatch(batch: Entry[]): Promise<void> {
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
