import type { Errand, RegistryTaskRecord, TaskRecord, TaskRegistry } from "@errand/core";
import type { Access } from "../access/authorize.js";
import type { TaskChanges } from "../watch/taskChanges.js";

/** What the procedure groups share; built once per router by `createTasksRouter`. */
export interface TasksRouterDeps<TRegistry extends TaskRegistry> {
  errand: Errand<TRegistry>;
  access: Access;
  maxBatchSize: number;
  /** What the live procedures stream from (polling today; a change feed later). */
  changes: TaskChanges<RegistryTaskRecord<TRegistry>>;
  /** Every record leaves the router through this. */
  present<TRecord extends TaskRecord>(record: TRecord): TRecord;
}

/**
 * A failed task keeps its error's stack in the store (for the app's own debugging); callers of the
 * API are not the app, so the stack is dropped unless `keepStacks`.
 */
export function presentRecord(keepStacks: boolean) {
  return <TRecord extends TaskRecord>(record: TRecord): TRecord => {
    if (keepStacks || record.error?.stack === undefined) return record;
    const { stack: _stack, ...error } = record.error;
    return { ...record, error };
  };
}
