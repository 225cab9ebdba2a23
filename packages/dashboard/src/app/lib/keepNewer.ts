import type { TaskRecord } from "./types.js";

/**
 * Of two snapshots of one task, the later one. A mutation's answer and the watch stream race: an
 * abort's answer (still "running", abort requested) can arrive after the stream already said
 * "aborted", and must not put the page back in the past.
 */
export function keepNewer(current: TaskRecord | undefined, next: TaskRecord): TaskRecord {
  return current && current.updatedAt.getTime() > next.updatedAt.getTime() ? current : next;
}
