import type { TaskErrorData, TaskRecord } from "@errand/core";
import type { TaskFailure, TaskFailureReason, TaskResult } from "./types.js";

export function taskFailure<TRecord>(
  reason: TaskFailureReason,
  error: Omit<TaskErrorData, "name"> & { name?: string },
  record: TRecord | null,
): TaskFailure<TRecord> {
  return { ok: false, reason, error: { name: "TaskError", ...error }, record };
}

/** The result a finished task's record stands for; null while it is still pending or running. */
export function resultOfRecord<TRecord extends TaskRecord>(record: TRecord): TaskResult<TRecord> | null {
  switch (record.status) {
    case "success":
      return { ok: true, name: record.name, output: record.output, record } as TaskResult<TRecord>;
    case "failed":
    case "aborted": {
      // Typed as present; a record from an older server may still lack it.
      const error: TaskErrorData | null = record.error;
      return taskFailure(
        record.status,
        error ?? { code: record.status === "failed" ? "TASK_FAILED" : "ABORTED", message: record.status },
        record,
      );
    }
    default:
      return null;
  }
}
