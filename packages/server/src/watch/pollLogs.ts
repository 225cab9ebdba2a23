import type { Errand, TaskLogLine, TaskRegistry } from "@errand/core";
import { unwrapResult } from "../errors/toTRPCError.js";
import type { PollOptions } from "./abortableSleep.js";
import { abortableSleep } from "./abortableSleep.js";
import { FINISHED_STATUSES } from "./watchEvent.js";

/** The most lines one task's log tail carries (core's `logs` limit). */
const MAX_LINES = 10_000;

/**
 * One task's log lines, by polling: all lines so far, then each batch of new ones. Lines are only
 * ever appended, so the count already sent is the position to continue from. Ends after the task
 * finishes (its last lines included) or when it is deleted.
 */
export async function* pollLogs<TRegistry extends TaskRegistry>(
  errand: Errand<TRegistry>,
  id: string,
  { intervalMs, signal }: PollOptions,
): AsyncGenerator<TaskLogLine[]> {
  let sent = 0;
  let first = true;
  while (!signal.aborted) {
    // Read the status first: lines written before the task finished are then in the read below.
    const task = await errand.tasks.get(id);
    if (task.isFail() && task.error.code === "NOT_FOUND" && !first) return;
    const finished = FINISHED_STATUSES.has(unwrapResult(task).status);
    const lines = unwrapResult(await errand.tasks.logs(id, { limit: MAX_LINES }));
    if (lines.length > sent || first) {
      yield lines.slice(sent);
      sent = lines.length;
      first = false;
    }
    if (finished) return;
    await abortableSleep(intervalMs, signal);
  }
}
