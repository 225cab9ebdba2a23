import { TaskError, TaskErrorCode } from "./taskError.js";

/** What the store driver raised during `operation`, as errand reports it: code STORE, original as cause. */
export function storeError(operation: string, error: unknown): TaskError {
  if (error instanceof TaskError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TaskError(TaskErrorCode.STORE, `The task store failed during ${operation}: ${message}`, {
    cause: error,
  });
}

/** An exception errand did not expect: a bug, reported as INTERNAL with the original as cause. */
export function internalError(operation: string, error: unknown): TaskError {
  const message = error instanceof Error ? error.message : String(error);
  return new TaskError(
    TaskErrorCode.INTERNAL,
    `errand failed unexpectedly during ${operation} (a bug; please report it): ${message}`,
    { cause: error },
  );
}
