/**
 * Gathers the items added during one turn of the event loop and hands them to `write` as one
 * batch, on the next turn. Batches are written one after another, never two at once, so items
 * added while a write is under way simply form the next batch.
 *
 * `write` owns its errors (retry, report to callers); one that escapes goes to `onError`, and
 * later batches are still written.
 */
export class TurnBatcher<TItem> {
  private pending: TItem[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (batch: TItem[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(item: TItem): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.inFlight = this.inFlight.then(() => this.flush()).catch(this.onError);
    });
  }

  /** Resolves when everything added so far has been written. */
  async drain(): Promise<void> {
    while (this.scheduled) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.inFlight;
    }
    await this.inFlight;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (batch.length > 0) await this.write(batch);
  }
}
