import type { TaskErrorData } from "../errors/taskErrorData.js";

export const TASK_STATUSES = ["pending", "running", "success", "failed", "aborted"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The fields every task record has, whatever its task. */
export interface TaskRecordBase {
  /** UUIDv7: sortable by creation time. */
  id: string;
  status: TaskStatus;
  error: TaskErrorData | null;
  /** The attempt now running or last run; 0 before the first. */
  attempt: number;
  maxAttempts: number;
  priority: number;
  runAt: Date;
  parentId: string | null;
  idempotencyKey: string | null;
  progress: number | null;
  statusMessage: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
  /** Every ended attempt, oldest first (`continue` starts counting again at 1). Only `get` fills it. */
  attempts?: TaskAttempt[];
}

/** One ended attempt of a task, as `get` shows it. */
export interface TaskAttempt {
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  /** `expired`: its runner stopped heartbeating (died); `released`: its runner stopped and handed it back. */
  end: "success" | "failed" | "aborted" | "retry" | "continue" | "released" | "expired";
  error: TaskErrorData | null;
}

/** A stored task. `input` is what was triggered (the schema's input type); `output` is set on success. */
export interface TaskRecord<TName extends string = string, TInput = unknown, TOutput = unknown>
  extends TaskRecordBase {
  name: TName;
  input: TInput;
  output: TOutput | null;
}

/** What a task's `run` sees of its own record. */
export interface TaskRunInfo {
  id: string;
  name: string;
  attempt: number;
  maxAttempts: number;
  priority: number;
  parentId: string | null;
  idempotencyKey: string | null;
  createdAt: Date;
}
