import type { TaskRecord } from "@errand/core";
import type { TaskProgress } from "./types.js";
import type { WatchSource } from "./watchSource.js";

/**
 * Calls `listener` with each new status, progress or message of the task until it finishes.
 * Returns the function that stops listening (and closes the stream).
 */
export function watchProgress<TRecord extends TaskRecord>(
  watch: WatchSource,
  id: string,
  listener: (progress: TaskProgress<TRecord>) => void,
): () => void {
  const subscription = watch.subscribe(
    { id },
    {
      onData({ data: event }) {
        if (event.type !== "update") return;
        const record = event.task as TRecord;
        try {
          listener({
            status: record.status,
            progress: record.progress,
            message: record.statusMessage,
            record,
          });
        } catch (error) {
          // A broken listener must not end the stream for the others sharing this client.
          console.error("errand client: an onProgress listener threw", error);
        }
      },
      onError() {},
      onComplete() {},
    },
  );
  return () => subscription.unsubscribe();
}
