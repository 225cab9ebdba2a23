import type { Errand, TaskChange, TaskRegistry } from "@errand/core";
import { abortableSleep } from "./abortableSleep.js";

/** With a feed that sees every write, a reader still re-checks this often, as a safety net. */
export const IDLE_RECHECK_MS = 60_000;

export interface NextChangeOptions {
  /** Which changes wake the reader. */
  concerns(change: TaskChange): boolean;
  /** Reads are spaced at least this far apart, so a burst of changes costs one read. */
  gapMs: number;
  /** Wake after this long even without a change (the poll for what the feed cannot see). */
  fallbackMs: number;
  signal: AbortSignal;
}

/**
 * Resolves once `errand.changes` reports a change that concerns the reader (no sooner than `gapMs`
 * from now), after `fallbackMs`, or when `signal` aborts. Listening starts at once, so a change
 * made while the caller was still reading is not missed.
 */
export function nextChange(errand: Errand<TaskRegistry>, options: NextChangeOptions): Promise<void> {
  const { concerns, gapMs, fallbackMs, signal } = options;
  return new Promise<void>((resolve) => {
    let changed = false;
    const gap = abortableSleep(gapMs, signal);
    const done = () => {
      clearTimeout(fallback);
      stop();
      signal.removeEventListener("abort", done);
      resolve();
    };
    const stop = errand.changes.subscribe((change) => {
      if (changed || !concerns(change)) return;
      changed = true;
      void gap.then(done);
    });
    const fallback = setTimeout(done, Math.max(gapMs, fallbackMs));
    signal.addEventListener("abort", done, { once: true });
  });
}
