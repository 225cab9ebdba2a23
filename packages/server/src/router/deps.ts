import type { Errand, TaskRecord, TaskRegistry } from "@errand/core";
import type { Access } from "../access/authorize.js";
import type { ResumePoints } from "../watch/resumePoints.js";
import type { WatchHub } from "../watch/watchHub.js";

/** What the procedure groups share; built once per router by `createTasksRouter`. */
export interface TasksRouterDeps<TRegistry extends TaskRegistry> {
  errand: Errand<TRegistry>;
  access: Access;
  maxBatchSize: number;
  /** The views `watch` subscriptions share, and where list watches stopped. */
  watchHub: WatchHub;
  resumePoints: ResumePoints;
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
