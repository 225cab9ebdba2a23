import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import type { TaskStatus } from "../task/record.js";

/** No task with that id; or, when the caller named the task it expects, none of that name. */
export function notFound(id: string, name?: unknown): TaskError {
  if (name !== undefined) {
    return new TaskError(
      TaskErrorCode.NOT_FOUND,
      `No task "${String(name)}" with id "${id}": no task has that id, or it is of another task.`,
      { data: { id, name } },
    );
  }
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
