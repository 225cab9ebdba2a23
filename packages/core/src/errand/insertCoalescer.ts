import type { Logger } from "pino";
import type { InsertResult, NewTaskRow } from "../store/rows.js";
import type { Store } from "../store/store.js";
import { TurnBatcher } from "../util/turnBatcher.js";

type Entry = { row: NewTaskRow; resolve(inserted: InsertResult): void; reject(error: unknown): void };

/**
 * Gathers the single triggers that arrive in the same turn of the event loop (concurrent HTTP
 * requests, a loop of awaits) into one store insert: one transaction instead of one per task.
 * Each request was validated on its own before it got here, so batching changes no outcome; if
 * the shared insert fails, each row is tried alone so one bad row cannot fail its neighbours.
 */
export class InsertCoalescer {
  private readonly batcher: TurnBatcher<Entry>;

  constructor(
    private readonly store: Store,
    logger: Logger,
    /** StoreScope.origin: the triggers it gathers wake their runners in process once inserted. */
    private readonly origin: string,
  ) {
    this.batcher = new TurnBatcher(
      (batch) => this.insertBatch(batch),
      (error) => logger.error({ err: error }, "errand: coalesced insert crashed"),
    );
  }

  insert(row: NewTaskRow): Promise<InsertResult> {
    return new Promise((resolve, reject) => this.batcher.add({ row, resolve, reject }));
  }

  private async insertBatch(batch: Entry[]): Promise<void> {
    try {
      const inserted = await this.store.insert(
        batch.map((entry) => entry.row),
        { origin: this.origin },
      );
      for (const [i, entry] of batch.entries()) entry.resolve(inserted[i]!);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const entry of batch) {
        try {
          const [inserted] = await this.store.insert([entry.row], { origin: this.origin });
          entry.resolve(inserted!);
        } catch (single) {
          entry.reject(single);
        }
      }
    }
  }
}
