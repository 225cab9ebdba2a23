import type { TaskError } from "./taskError.js";

/** How an error is kept on a task record: plain data that survives storage. */
export interface TaskErrorData {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  data?: unknown;
}

export function toTaskErrorData(error: TaskError, options: { includeStack: boolean }): TaskErrorData {
  const cause = error.cause;
  const data: TaskErrorData = {
    name: cause instanceof Error ? cause.name : error.name,
    message: error.message,
    code: error.code,
  };
  if (options.includeStack && error.stack) data.stack = error.stack;
  if (error.data !== undefined) data.data = error.data;
  return data;
}
