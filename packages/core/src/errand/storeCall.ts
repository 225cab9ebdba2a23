import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import { Result } from "../result.js";
import type { ErrandRuntime } from "./runtime.js";

/**
 * The store boundary: a store that throws (lost connection, full disk, locked file) becomes a
 * failed Result with code STORE, so callers handle it like any other expected failure.
 */
export async function storeCall<T>(
  runtime: ErrandRuntime,
  what: string,
  call: () => Promise<Result<T, TaskError>>,
): Promise<Result<T, TaskError>> {
  try {
    await runtime.ready();
    return await call();
  } catch (error) {
    if (error instanceof TaskError) return Result.fail(error);
    runtime.logger.error({ err: error }, `errand: store failed during ${what}`);
    const message = error instanceof Error ? error.message : String(error);
    return Result.fail(
      new TaskError(TaskErrorCode.STORE, `The task store failed during ${what}: ${message}`, {
        cause: error,
      }),
    );
  }
}
