import type { Errand, TaskRecord, TaskRegistry } from "@errand/core";
import { unwrapResult } from "../errors/toTRPCError.js";
import { abortableSleep } from "./abortableSleep.js";
import { FINISHED_STATUSES, fingerprint, type TaskWatchEvent } from "./watchEvent.js";

export interface PollOptions {
  intervalMs: number;
  /** Stops the polling: the subscription's signal, which fires when the client goes away. */
  signal: AbortSignal;
}

/**
 * One task's changes, by polling the store (core has no change feed yet). Emits the current state
 * first, then only on change, and ends after the task finishes or is deleted.
 */
export async function* pollTask<TRegistry extends TaskRegistry>(
  errand: Errand<TRegistry>,
  id: string,
  { intervalMs, signal }: PollOptions,
): AsyncGenerator<TaskWatchEvent<TaskRecord>> {
  let last: string | undefined;
  while (!signal.aborted) {
    const found = await errand.tasks.get(id);
    if (found.isFail() && found.error.code === "NOT_FOUND" && last !== undefined) {
      yield { type: "removed", id };
      return;
    }
    const record = unwrapResult(found);
    const current = fingerprint(record);
    if (current !== last) {
      last = current;
      yield { type: "update", task: record };
    }
    if (FINISHED_STATUSES.has(record.status)) return;
    await abortableSleep(intervalMs, signal);
  }
}
