/**
 * One read of the store shared by every subscriber watching the same thing. `refresh()` asks for a
 * new read; asks that arrive while one runs are merged into one more read after it, and reads
 * start at most every `minGapMs`, so a burst of changes costs a few reads, not one per change.
 */
export class SharedView<TState> {
  state: TState | undefined;
  /** Bumped after each read that changed `state` (per `same`). */
  version = 0;
  subscribers = 0;
  private reading = false;
  private again = false;
  private lastStart = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly read: () => Promise<TState>,
    private readonly same: (a: TState, b: TState) => boolean,
    private readonly minGapMs: number,
  ) {}

  refresh(): void {
    if (this.closed) return;
    if (this.reading || this.timer) {
      this.again = true;
      return;
    }
    const wait = this.lastStart + this.minGapMs - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.refresh();
      }, wait);
      return;
    }
    void this.readNow();
  }

  /** Resolves once `version` is past `seen` (at once if it already is), or when `signal` aborts. */
  changedSince(seen: number, signal: AbortSignal): Promise<void> {
    if (this.version > seen || signal.aborted || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of [...this.waiters]) waiter();
  }

  private async readNow(): Promise<void> {
    this.reading = true;
    this.again = false;
    this.lastStart = Date.now();
    try {
      const next = await this.read();
      if (this.closed) return;
      if (this.state === undefined || !this.same(this.state, next)) {
        this.state = next;
        this.version += 1;
        for (const waiter of [...this.waiters]) waiter();
      }
    } finally {
      this.reading = false;
      if (this.again) this.refresh();
    }
  }
}

/** Each new state of `view` until `signal` aborts; a slow consumer gets the latest, not every one. */
export async function* statesOf<TState>(
  view: SharedView<TState>,
  signal: AbortSignal,
): AsyncGenerator<TState> {
  let seen = 0;
  while (!signal.aborted) {
    await view.changedSince(seen, signal);
    if (signal.aborted || view.state === undefined) return;
    seen = view.version;
    yield view.state;
  }
}
