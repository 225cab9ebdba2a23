import type { Errand, ListTasksQuery, TaskRecord, TaskRegistry } from "@errand/core";
import { unwrapResult } from "../errors/toTRPCError.js";
import { abortableSleep } from "./abortableSleep.js";
import type { PollOptions } from "./pollTask.js";
import { fingerprint, type TaskWatchEvent } from "./watchEvent.js";

/**
 * The newest `limit` tasks matching a filter, by polling: every task once at first, then each one
 * that changed, and `removed` for one that left the view. Runs until the signal aborts.
 */
export async function* pollList<TRegistry extends TaskRegistry>(
  errand: Errand<TRegistry>,
  filter: Omit<ListTasksQuery, "cursor" | "createdFrom" | "createdTo">,
  { intervalMs, signal }: PollOptions,
): AsyncGenerator<TaskWatchEvent<TaskRecord>> {
  let seen = new Map<string, string>();
  while (!signal.aborted) {
    const page = unwrapResult(await errand.tasks.list({ limit: 100, ...filter }));
    const next = new Map<string, string>();
    for (const task of page.items) {
      const current = fingerprint(task);
      next.set(task.id, current);
      if (seen.get(task.id) !== current) yield { type: "update", task };
    }
    for (const id of seen.keys()) if (!next.has(id)) yield { type: "removed", id };
    seen = next;
    await abortableSleep(intervalMs, signal);
  }
}
