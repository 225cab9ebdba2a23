/**
 * What changed in a store, as the change feed reports it. It says which tasks to look at again,
 * never their new state: a reader re-reads what it shows, so a lost or merged report can only
 * cost a read, never show a wrong state.
 */
export type TaskChange =
  /** These tasks' rows changed: inserted, claimed, settled, updated, deleted, status written. */
  | { type: "tasks"; ids: readonly string[] }
  /** These tasks got new log lines (reported in-process only). */
  | { type: "logs"; ids: readonly string[] }
  /** Anything may have changed: an expiry sweep, a burst too large to list, a lost connection. */
  | { type: "unknown" };

/** Whether `change` may concern the task `id`. */
export function mayConcern(change: TaskChange, id: string): boolean {
  return change.type === "unknown" || (change.type === "tasks" && change.ids.includes(id));
}
