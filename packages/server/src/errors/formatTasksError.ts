import { TaskError, type TaskErrorCode } from "@errand/core";
import type { TRPCDefaultErrorData, TRPCDefaultErrorShape, TRPCError } from "@trpc/server";
import { z } from "zod";

/** One validation problem: zod's issue (or a Standard Schema issue) as sent to the client. */
export interface TasksErrorIssue {
  message: string;
  path?: readonly PropertyKey[] | undefined;
  code?: string;
}

export interface TasksErrorData extends Omit<TRPCDefaultErrorData, "stack"> {
  /** The core error code behind this error, when core produced it. */
  errandCode?: TaskErrorCode;
  /** Set for bad input: what was wrong, field by field. */
  issues?: TasksErrorIssue[];
  /** Core's structured detail, e.g. `{ id, status }` for a conflict or `{ index }` in a batch. */
  details?: Record<string, unknown>;
}

export interface TasksErrorShape extends Omit<TRPCDefaultErrorShape, "data"> {
  data: TasksErrorData;
}

const INTERNAL_MESSAGE = "Internal server error; the server's log has the details.";
const STORE_MESSAGE = "The task store failed; the server's log has the details.";

/**
 * The error shape of every tasks procedure (and of the standalone server's root). Never sends a
 * stack trace, whatever `isDev` says, and never the message of an unexpected error: those can hold
 * file paths, SQL or secrets. Use it as your `errorFormatter`, or call it from yours.
 */
export function formatTasksError({
  shape,
  error,
}: {
  shape: TRPCDefaultErrorShape;
  error: TRPCError;
}): TasksErrorShape {
  const { stack: _stack, ...base } = shape.data;
  const data: TasksErrorData = base;
  const cause = error.cause;
  let message = shape.message;
  if (cause instanceof TaskError) {
    data.errandCode = cause.code;
    const { issues, ...details } = isRecord(cause.data) ? cause.data : {};
    if (Array.isArray(issues)) data.issues = issues as TasksErrorIssue[];
    if (base.code !== "INTERNAL_SERVER_ERROR" && Object.keys(details).length > 0) data.details = details;
  } else if (cause instanceof z.ZodError) {
    data.errandCode = "VALIDATION";
    data.issues = cause.issues;
    message = `Invalid input:\n${z.prettifyError(cause)}`;
  } else if (isRecord(cause) && Array.isArray(cause.issues)) {
    data.issues = cause.issues;
  }
  if (base.code === "INTERNAL_SERVER_ERROR") {
    message = data.errandCode === "STORE" ? STORE_MESSAGE : INTERNAL_MESSAGE;
  }
  return { ...shape, message, data };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
