import { type Result, type TaskError, TaskErrorCode } from "@errand/core";
import { type TRPC_ERROR_CODE_KEY, TRPCError } from "@trpc/server";

/**
 * Total over `TaskErrorCode`, so a code added to core is a compile error here until it is mapped.
 * An unknown task name is BAD_REQUEST, not NOT_FOUND: the name is part of the request body (the
 * discriminant of the trigger union), so it is bad input like a wrong field; NOT_FOUND is kept for
 * a task addressed by id that does not exist.
 */
const TRPC_CODE_BY_TASK_ERROR = {
  [TaskErrorCode.VALIDATION]: "BAD_REQUEST",
  [TaskErrorCode.UNKNOWN_TASK]: "BAD_REQUEST",
  [TaskErrorCode.NOT_FOUND]: "NOT_FOUND",
  [TaskErrorCode.CONFLICT]: "CONFLICT",
  [TaskErrorCode.VETOED]: "FORBIDDEN",
  [TaskErrorCode.STORE]: "INTERNAL_SERVER_ERROR",
  [TaskErrorCode.INTERNAL]: "INTERNAL_SERVER_ERROR",
  // Outcomes of a run, never of a management call: seeing one here is a bug.
  [TaskErrorCode.TIMEOUT]: "INTERNAL_SERVER_ERROR",
  [TaskErrorCode.ABORTED]: "INTERNAL_SERVER_ERROR",
  [TaskErrorCode.LEASE_EXPIRED]: "INTERNAL_SERVER_ERROR",
  [TaskErrorCode.TASK_FAILED]: "INTERNAL_SERVER_ERROR",
} as const satisfies Record<TaskErrorCode, TRPC_ERROR_CODE_KEY>;

/** A failed core call as a tRPC error; the TaskError stays as `cause` for the error formatter. */
export function toTRPCError(error: TaskError): TRPCError {
  return new TRPCError({ code: TRPC_CODE_BY_TASK_ERROR[error.code], message: error.message, cause: error });
}

/** The value of a core Result, or the mapped tRPC error thrown. */
export function unwrapResult<TValue>(result: Result<TValue, TaskError>): TValue {
  if (result.isFail()) throw toTRPCError(result.error);
  return result.value;
}
