import type { Errand, TaskLogLine, TaskRegistry } from "@errand/core";
import { unwrapResult } from "../errors/toTRPCError.js";
import type { PollOptions } from "./abortableSleep.js";
import { IDLE_RECHECK_MS, nextChange } from "./nextChange.js";
import { FINISHED_STATUSES } from "./watchEvent.js";

/** The most lines one task's log tail carries (core's `logs` limit). */
const MAX_LINES = 10_000;

/**
 * One task's log lines: all lines so far, then each batch of new ones. Lines are only ever
 * appended, so the count already sent is the position to continue from. Ends after the task
 * finishes (its last lines included) or when it is deleted. Re-read when the change feed reports
 * the task or its lines; while it runs also every `intervalMs`, because lines written by a runner
 * in another process are not pushed (only its status changes are).
 */
export async function* streamLogs<TRegistry extends TaskRegistry>(
  errand: Errand<TRegistry>,
  id: string,
  { intervalMs, signal: outer }: PollOptions,
): AsyncGenerator<TaskLogLine[]> {
  // Ends the pending wait (and its feed listener) when the stream ends, not only on abort.
  const own = new AbortController();
  const signal = AbortSignal.any([outer, own.signal]);
  try {
    let sent = 0;
    let first = true;
    let running = true;
    while (!signal.aborted) {
      // Listening starts before the reads, so lines written during them are not missed.
      const next = nextChange(errand as unknown as Errand<TaskRegistry>, {
        concerns: (change) => change.type === "unknown" || change.ids.includes(id),
        gapMs: Math.min(intervalMs, 50),
        fallbackMs: running || !errand.changes.seesOtherProcesses ? intervalMs : IDLE_RECHECK_MS,
        signal,
      });
      // Read the status first: lines written before the task finished are then in the read below.
      const task = await errand.tasks.get(id);
      if (task.isFail() && task.error.code === "NOT_FOUND" && !first) return;
      const status = unwrapResult(task).status;
      const finished = FINISHED_STATUSES.has(status);
      running = status === "running";
      const lines = unwrapResult(await errand.tasks.logs(id, { limit: MAX_LINES }));
      if (lines.length > sent || first) {
        yield lines.slice(sent);
        sent = lines.length;
        first = false;
      }
      if (finished) return;
      await next;
    }
  } finally {
    own.abort();
  }
}
