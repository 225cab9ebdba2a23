import { createHash } from "node:crypto";
import type { TaskRecord, TaskStatus } from "@errand/core";

/**
 * What `watch` emits: a task's new state, or that a watched task left the view (deleted, or no
 * longer matching). Each arrives in tRPC's `tracked()` envelope as `{ id, data }`; a client that
 * reconnects sends the last `id` back and gets only what it missed.
 */
export type TaskWatchEvent<TRecord> = { type: "update"; task: TRecord } | { type: "removed"; id: string };

export const FINISHED_STATUSES: ReadonlySet<TaskStatus> = new Set(["success", "failed", "aborted"]);

/** The fields a watcher cares about; two snapshots with the same fingerprint are not a change. */
export function fingerprint(record: TaskRecord): string {
  return `${record.updatedAt.getTime()}|${record.status}|${record.progress}|${record.statusMessage}|${record.attempt}`;
}

/** A short event id for a task's state: the same state always gets the same id (no line breaks). */
export function stateId(record: TaskRecord): string {
  return createHash("sha1")
    .update(`${record.id}|${fingerprint(record)}`)
    .digest("base64url")
    .slice(0, 20);
}
