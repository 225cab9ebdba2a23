/**
 * Runs `work` on one batch at a time. Items that arrive while a batch runs are collected into the
 * next batch, and every caller whose item went into a batch gets that batch's result (or error).
 */
export function coalescingQueue<TItem, TResult>(
  work: (batch: readonly TItem[]) => Promise<TResult>,
): (item: TItem) => Promise<TResult> {
  let pending: TItem[] = [];
  let waiting: Deferred<TResult> | undefined;
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    while (pending.length > 0) {
      const batch = pending;
      const settle = waiting!;
      pending = [];
      waiting = undefined;
      try {
        settle.resolve(await work(batch));
      } catch (error) {
        settle.reject(error);
      }
    }
    running = false;
  }

  return (item) => {
    pending.push(item);
    waiting ??= deferred();
    const result = waiting.promise;
    if (!running) void drain();
    return result;
  };
}

type Deferred<T> = { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void };

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
