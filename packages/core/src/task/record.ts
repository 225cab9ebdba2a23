import type { TaskErrorData } from "../errors/taskErrorData.js";

export const TASK_STATUSES = ["pending", "running", "success", "failed", "aborted"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The fields every task record has, whatever its task and status. */
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
  /** The cron tick this task was triggered for by its schedule; null for tasks triggered otherwise. */
  scheduledFor: Date | null;
  /** The task's `concurrency.key(input)` and `rateLimit.key(input)`, computed at trigger. */
  concurrencyKey: string | null;
  rateKey: string | null;
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

interface TaskRecordOf<TName extends string, TInput> extends TaskRecordBase {
  name: TName;
  /** What was triggered: the input schema's input type. */
  input: TInput;
}

/** Pending or running: no output yet; `error` is the last failed attempt's, if any. */
export interface ActiveTaskRecord<TName extends string = string, TInput = unknown>
  extends TaskRecordOf<TName, TInput> {
  status: "pending" | "running";
  output: null;
}

/** Finished with `controller.success`: `output` is the stored (parsed) output. */
export interface SuccessTaskRecord<TName extends string = string, TInput = unknown, TOutput = unknown>
  extends TaskRecordOf<TName, TInput> {
  status: "success";
  output: TOutput;
  error: null;
}

/** Failed or aborted: `error` says why. */
export interface FailedTaskRecord<TName extends string = string, TInput = unknown>
  extends TaskRecordOf<TName, TInput> {
  status: "failed" | "aborted";
  output: null;
  error: TaskErrorData;
}

/**
 * A stored task. Narrow it on `status`: a `success` record's `output` is the task's output, a
 * `failed` or `aborted` record's `error` is present. `TaskRecord` alone is a record of any task
 * (its name a string, input and output unknown), as `get(id)` returns: the store may hold tasks
 * the registry no longer knows.
 */
export type TaskRecord<TName extends string = string, TInput = unknown, TOutput = unknown> =
  | ActiveTaskRecord<TName, TInput>
  | SuccessTaskRecord<TName, TInput, TOutput>
  | FailedTaskRecord<TName, TInput>;

/** What a task's `run` sees of its own record. */
export interface TaskRunInfo {
  id: string;
  name: string;
  attempt: number;
  maxAttempts: number;
  priority: number;
  parentId: string | null;
  idempotencyKey: string | null;
  /** The cron tick this run is for, when its schedule triggered it. */
  scheduledFor: Date | null;
  createdAt: Date;
}
