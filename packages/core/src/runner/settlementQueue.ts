import type { Logger } from "pino";
import type { ClaimRequest, Settlement, TaskRow } from "../store/rows.js";
import type { Store } from "../store/store.js";
import { TurnBatcher } from "../util/turnBatcher.js";

const RETRY_DELAYS_MS = [50, 200, 500, 1_000, 2_000, 5_000];

type Entry = { settlement: Settlement; resolve: (applied: boolean) => void };

/**
 * The runner's side of a combined write (`Store.settleAndClaim`): what to claim with the outcomes
 * being written (null: nothing), and where the claimed rows go.
 */
export interface TurnClaimer {
  nextClaim(): ClaimRequest | null;
  claimed(rows: TaskRow[], request: ClaimRequest): void;
}

/**
 * Collects the outcomes of attempts that end in the same turn and writes them in one store call.
 * A settlement that cannot be written is retried: giving up would leave the task to be run again
 * when its lease runs out, which at-least-once allows but a healthy store should never cause.
 * With a `claimer` and a store that has `settleAndClaim`, the write also claims the next tasks.
 */
export class SettlementQueue {
  private readonly batcher: TurnBatcher<Entry>;
  private queued = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly abortedError: string,
    private readonly logger: Logger,
    private readonly claimer?: TurnClaimer,
  ) {
    this.batcher = new TurnBatcher(
      (batch) => this.writeBatch(batch),
      (error) => logger.error({ err: error }, "errand: recording task outcomes crashed"),
    );
  }

  /** Whether a write that will also claim is queued or under way: the runner need not claim itself. */
  get claimsNext(): boolean {
    return this.queued > 0 && this.claimer !== undefined && this.store.settleAndClaim !== undefined;
  }

  push(settlement: Settlement): Promise<boolean> {
    this.queued++;
    return new Promise((resolve) => this.batcher.add({ settlement, resolve }));
  }

  /** Resolves when everything pushed so far is written (or given up on). */
  drain(): Promise<void> {
    return this.batcher.drain();
  }

  private async writeBatch(batch: Entry[]): Promise<void> {
    try {
      await this.write(batch);
    } finally {
      this.queued -= batch.length;
    }
  }

  private async write(batch: Entry[]): Promise<void> {
    const settlements = batch.map((entry) => entry.settlement);
    const resolve = (applied: readonly boolean[]) => {
      for (const [i, entry] of batch.entries()) entry.resolve(applied[i] ?? false);
    };
    for (let attempt = 0; ; attempt++) {
      try {
        // Only the first try claims: after a failure the outcomes come first, and the runner's own loop claims.
        const claim = attempt === 0 && this.store.settleAndClaim ? this.claimer?.nextClaim() : null;
        if (claim) {
          const written = await this.store.settleAndClaim!(settlements, this.now(), this.abortedError, claim);
          resolve(written.applied);
          this.claimer!.claimed(written.claimed, claim);
        } else {
          resolve(await this.store.settle(settlements, this.now(), this.abortedError));
        }
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
