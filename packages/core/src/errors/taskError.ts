/** The fixed set of reasons an errand operation or task attempt can fail. */
export const TaskErrorCode = {
  /** Input, options or output did not match what was declared. */
  VALIDATION: "VALIDATION",
  /** No task with that id. */
  NOT_FOUND: "NOT_FOUND",
  /** The task is in a state that forbids the change (e.g. deleting a running task). */
  CONFLICT: "CONFLICT",
  /** No task definition with that name is registered. */
  UNKNOWN_TASK: "UNKNOWN_TASK",
  /** An `onBeforeTrigger` hook refused the trigger, or threw. */
  VETOED: "VETOED",
  /** An attempt ran longer than the definition's `timeoutMs`. */
  TIMEOUT: "TIMEOUT",
  /** The task was aborted. */
  ABORTED: "ABORTED",
  /** The runner holding the task stopped heartbeating and its lease ran out. */
  LEASE_EXPIRED: "LEASE_EXPIRED",
  /** The task's own `run` reported an error or threw. */
  TASK_FAILED: "TASK_FAILED",
  /** What the store driver raised (connection lost, disk full, ...); nothing else. */
  STORE: "STORE",
  /** An exception errand did not expect: a bug in errand itself (or app code it called, such as a schema that throws). */
  INTERNAL: "INTERNAL",
} as const;

export type TaskErrorCode = (typeof TaskErrorCode)[keyof typeof TaskErrorCode];

export interface TaskErrorOptions {
  data?: unknown;
  cause?: unknown;
}

/** The one error type errand returns and stores, normalised at every boundary. */
export class TaskError extends Error {
  override readonly name = "TaskError";
  readonly code: TaskErrorCode;
  readonly data: unknown;

  constructor(code: TaskErrorCode, message: string, options: TaskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.data = options.data;
  }

  static is(value: unknown): value is TaskError {
    return value instanceof TaskError;
  }
}

/** Turns anything thrown or reported by app code into a `TaskError`, keeping the original as `cause`. */
export function toTaskError(
  value: unknown,
  fallbackCode: TaskErrorCode = TaskErrorCode.TASK_FAILED,
): TaskError {
  if (value instanceof TaskError) return value;
  if (value instanceof Error) {
    const converted = new TaskError(fallbackCode, value.message, { cause: value });
    converted.stack = value.stack;
    return converted;
  }
  const message = typeof value === "string" ? value : safeDescribe(value);
  return new TaskError(fallbackCode, message, { data: typeof value === "string" ? undefined : value });
}

function safeDescribe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
