import type { InsertedRow, NewTaskRow } from "../store/rows.js";
import type { Store } from "../store/store.js";

/**
 * Gathers the single triggers that arrive in the same turn of the event loop (concurrent HTTP
 * requests, a loop of awaits) into one store insert: one transaction instead of one per task.
 * Each request was validated on its own before it got here, so batching changes no outcome; if
 * the shared insert fails, each row is tried alone so one bad row cannot fail its neighbours.
 */
export class InsertCoalescer {
  private queue: { row: NewTaskRow; resolve(inserted: InsertedRow): void; reject(error: unknown): void }[] =
    [];
  private scheduled = false;

  constructor(private readonly store: Store) {}

  insert(row: NewTaskRow): Promise<InsertedRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    try {
      const inserted = await this.store.insert(batch.map((entry) => entry.row));
      for (const [i, entry] of batch.entries()) entry.resolve(inserted[i]!);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const entry of batch) {
        try {
          const [inserted] = await this.store.insert([entry.row]);
          entry.resolve(inserted!);
        } catch (single) {
          entry.reject(single);
        }
      }
    }
  }
}
