import type { Errand, TaskErrorData, TaskRecord, TaskRegistry } from "@errand/core";
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
  /**
   * The shortest gap between two reads of `watchStats` and `watchLogs` (both follow the change feed;
   * they poll at these intervals only for what it cannot see: see statsStream.ts and logStream.ts).
   */
  pollIntervals: { statsMs: number; logsMs: number };
  /** Every record leaves the router through this. */
  present<TRecord extends TaskRecord>(record: TRecord): TRecord;
}

/**
 * A failed task keeps its error's stack in the store (for the app's own debugging); callers of the
 * API are not the app, so the stack is dropped unless `keepStacks`.
 */
export function presentRecord(keepStacks: boolean) {
  return <TRecord extends TaskRecord>(record: TRecord): TRecord => {
    // Most records carry no stack (no error yet): those go out as they are, without a copy.
    if (keepStacks || !carriesStack(record)) return record;
    const attempts = record.attempts?.map((attempt) => ({ ...attempt, error: withoutStack(attempt.error) }));
    return { ...record, error: withoutStack(record.error), ...(attempts ? { attempts } : {}) };
  };
}

function carriesStack(record: TaskRecord): boolean {
  return (
    record.error?.stack !== undefined ||
    (record.attempts?.some((attempt) => attempt.error?.stack !== undefined) ?? false)
  );
}

function withoutStack(error: TaskErrorData | null): TaskErrorData | null {
  if (error?.stack === undefined) return error;
  const { stack: _stack, ...rest } = error;
  return rest;
}
