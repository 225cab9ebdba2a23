import { internalError } from "../errors/storeError.js";
import { TaskError } from "../errors/taskError.js";
import { Result } from "../result.js";
import type { ErrandRuntime } from "./runtime.js";

/**
 * The boundary of every management call. The runtime's store already turns what its driver
 * raised into a STORE TaskError (`storeBoundary`), so it comes back as a failed Result like any
 * other expected failure; any other exception is errand's own bug and comes back as INTERNAL.
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
    if (error instanceof TaskError) {
      if (error.code === "STORE")
        runtime.logger.error({ err: error }, `errand: the store failed during ${what}`);
      return Result.fail(error);
    }
    runtime.logger.error({ err: error }, `errand: unexpected error during ${what}`);
    return Result.fail(internalError(what, error));
  }
}
