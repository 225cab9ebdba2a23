import type { Errand, TaskRegistry, TaskStats } from "@errand/core";
import { unwrapResult } from "../errors/toTRPCError.js";
import type { PollOptions } from "./abortableSleep.js";
import { abortableSleep } from "./abortableSleep.js";

/** Counts per task name and status, by polling: the current counts, then each change. */
export async function* pollStats<TRegistry extends TaskRegistry>(
  errand: Errand<TRegistry>,
  { intervalMs, signal }: PollOptions,
): AsyncGenerator<TaskStats> {
  let last: string | undefined;
  while (!signal.aborted) {
    const stats = unwrapResult(await errand.tasks.stats());
    const current = JSON.stringify(stats);
    if (current !== last) {
      last = current;
      yield stats;
    }
    await abortableSleep(intervalMs, signal);
  }
}
