import type { TaskRecord } from "@errand/core";
import { TRPCClientError } from "@trpc/client";
import { resultOfRecord, taskFailure } from "./taskResult.js";
import type { TaskResult, WaitOptions } from "./types.js";
import type { WatchSource } from "./watchSource.js";

/**
 * Resolves when the task finishes, over the `watch` subscription. Never rejects: a failed or
 * aborted task, a timeout, a deleted task and a refused watch all resolve as `{ ok: false }`.
 * Given `name`, a task of another name resolves as an error too: its output is not that task's.
 */
export function waitForTask<TRecord extends TaskRecord>(
  watch: WatchSource,
  id: string,
  options: WaitOptions = {},
  name?: string,
): Promise<TaskResult<TRecord>> {
  return new Promise((resolve) => {
    let last: TRecord | null = null;
    let done = false;
    let subscription: { unsubscribe(): void } | undefined;
    const finish = (result: TaskResult<TRecord>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      subscription?.unsubscribe();
      resolve(result);
    };
    const giveUp = (message: string) => finish(taskFailure("timeout", { code: "TIMEOUT", message }, last));
    const onAbort = () => giveUp(`Stopped waiting for task ${id}: the signal aborted`);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => giveUp(`Task ${id} did not finish within ${options.timeoutMs} ms`),
            options.timeoutMs,
          );
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    subscription = watch.subscribe(
      { id },
      {
        onData({ data: event }) {
          if (event.type === "removed") {
            return finish(
              taskFailure("removed", { code: "NOT_FOUND", message: `Task ${id} was deleted` }, last),
            );
          }
          if (name !== undefined && event.task.name !== name) {
            const message = `Task ${id} is a "${event.task.name}" task, not "${name}"`;
            return finish(taskFailure("error", { code: "NOT_FOUND", message }, null));
          }
          last = event.task as TRecord;
          const result = resultOfRecord(last);
          if (result) finish(result);
        },
        onError(error) {
          const code =
            error instanceof TRPCClientError ? (error.data?.code as string | undefined) : undefined;
          const message = error instanceof Error ? error.message : String(error);
          finish(
            taskFailure(
              code === "NOT_FOUND" ? "removed" : "error",
              { code: code ?? "UNKNOWN", message },
              last,
            ),
          );
        },
        onComplete() {
          const message = `The watch of task ${id} ended before the task finished`;
          finish((last && resultOfRecord(last)) ?? taskFailure("error", { code: "INTERNAL", message }, last));
        },
      },
    );
    // A source that reports synchronously could finish before `subscription` was assigned.
    if (done) subscription.unsubscribe();
  });
}
