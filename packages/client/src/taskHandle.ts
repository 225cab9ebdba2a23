import type { TaskRecord } from "@errand/core";
import type { TaskProgress, TaskResult, WaitOptions } from "./types.js";
import { waitForTask } from "./waitFor.js";
import { watchProgress } from "./watchProgress.js";
import type { WatchSource } from "./watchSource.js";

/** One triggered task, typed for its name. */
export interface TaskHandle<TRecord extends TaskRecord> {
  readonly id: string;
  readonly name: TRecord["name"];
  /** The record as the server returned it when the handle was made. */
  readonly record: TRecord;
  /** Resolves when the task finishes: `{ ok: true, output }` or `{ ok: false, reason, error }`. */
  result(options?: WaitOptions): Promise<TaskResult<TRecord>>;
  /** Calls `listener` on each status, progress or message change; returns the unsubscribe function. */
  onProgress(listener: (progress: TaskProgress<TRecord>) => void): () => void;
}

export function createTaskHandle<TRecord extends TaskRecord>(
  watch: WatchSource,
  record: TRecord,
): TaskHandle<TRecord> {
  return {
    id: record.id,
    name: record.name,
    record,
    result: (options) => waitForTask<TRecord>(watch, record.id, options),
    onProgress: (listener) => watchProgress<TRecord>(watch, record.id, listener),
  };
}
