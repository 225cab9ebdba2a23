import type { TaskRecord, TaskStatus } from "@errand/core";

/** What `watch` emits: a task's new state, or that a watched task left the view (deleted, or no longer matching). */
export type TaskWatchEvent<TRecord> = { type: "update"; task: TRecord } | { type: "removed"; id: string };

export const FINISHED_STATUSES: ReadonlySet<TaskStatus> = new Set(["success", "failed", "aborted"]);

/** The fields a watcher cares about; two snapshots with the same fingerprint are not a change. */
export function fingerprint(record: TaskRecord): string {
  return `${record.updatedAt.getTime()}|${record.status}|${record.progress}|${record.statusMessage}|${record.attempt}`;
}
