import type { ListTasksQuery, TaskLogLine, TaskStats } from "@errand/core";
import type { TaskWatchEvent } from "./watchEvent.js";

/** The filter of a list watch: the newest `limit` tasks (default 100) that match. */
export type WatchListFilter = Pick<ListTasksQuery, "name" | "status" | "parentId" | "limit">;

/**
 * Where the router's live procedures (`watch`, `watchStats`, `watchLogs`) get their changes from.
 * Every stream starts with the current state, then yields only changes, and ends when `signal`
 * aborts (a single task's and its logs' streams also end once the task finishes).
 *
 * Today `pollingChanges` reads the store on an interval, because core has no change feed yet; a
 * feed-driven implementation replaces it here without touching the procedures or their callers.
 */
export interface TaskChanges<TRecord> {
  task(id: string, signal: AbortSignal): AsyncIterable<TaskWatchEvent<TRecord>>;
  list(filter: WatchListFilter, signal: AbortSignal): AsyncIterable<TaskWatchEvent<TRecord>>;
  stats(signal: AbortSignal): AsyncIterable<TaskStats>;
  /** Lines in the order they were written, each once. */
  logs(id: string, signal: AbortSignal): AsyncIterable<TaskLogLine[]>;
}
