import type { Errand, TaskRegistry, TaskStats } from "@errand/core";
import { unwrapResult } from "../errors/toTRPCError.js";
import type { PollOptions } from "./abortableSleep.js";
import { IDLE_RECHECK_MS, nextChange } from "./nextChange.js";

/**
 * Counts per task name and status: the current counts, then each change. Re-read when the change
 * feed reports a task change (at most every `intervalMs`); polled every `intervalMs` only when the
 * store cannot report other processes' writes.
 */
export async function* streamStats<TRegistry extends TaskRegistry>(
  errand: Errand<TRegistry>,
  { intervalMs, signal: outer }: PollOptions,
): AsyncGenerator<TaskStats> {
  // Ends the pending wait (and its feed listener) when the stream ends, not only on abort.
  const own = new AbortController();
  const signal = AbortSignal.any([outer, own.signal]);
  try {
    let last: string | undefined;
    while (!signal.aborted) {
      // Listening starts before the read, so a change made during it is not missed.
      const next = nextChange(errand as unknown as Errand<TaskRegistry>, {
        concerns: (change) => change.type !== "logs",
        gapMs: intervalMs,
        fallbackMs: errand.changes.seesOtherProcesses ? IDLE_RECHECK_MS : intervalMs,
        signal,
      });
      const stats = unwrapResult(await errand.tasks.stats());
      const current = JSON.stringify(stats);
      if (current !== last) {
        last = current;
        yield stats;
      }
      await next;
    }
  } finally {
    own.abort();
  }
}
