import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import type { TaskStatus } from "../task/record.js";

export function notFound(id: string): TaskError {
  return new TaskError(TaskErrorCode.NOT_FOUND, `No task with id "${id}". It may have been deleted.`, {
    data: { id },
  });
}

const RULES = {
  update: "only a pending task can be updated",
  delete: "a running task cannot be deleted; abort it first",
  abort: "only a pending or running task can be aborted",
  retry: "only a failed or aborted task can be retried",
} as const;

export function conflict(id: string, action: keyof typeof RULES, status: TaskStatus): TaskError {
  return new TaskError(
    TaskErrorCode.CONFLICT,
    `Cannot ${action} task "${id}": it is ${status}, and ${RULES[action]}.`,
    {
      data: { id, status },
    },
  );
}
