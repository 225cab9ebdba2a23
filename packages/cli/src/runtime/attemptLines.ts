import type { ErrandHooks, TaskError, TaskRunInfo } from "@errand/core";
import type { Logger } from "pino";

/**
 * Hooks that log one info line per finished attempt (`greet 0197… success in 12 ms`), for
 * `errand runner` and `errand serve --runner`. Built from core's run hooks: the start time is taken
 * in `onBeforeRun` and the error in `onError`, keyed by task id and attempt, and the line is
 * written in `onAfterRun`, which core calls once per attempt whatever its outcome.
 */
export function attemptLines(logger: Logger): ErrandHooks {
  const started = new Map<string, number>();
  const errors = new Map<string, TaskError>();
  const keyOf = (task: TaskRunInfo) => `${task.id}#${task.attempt}`;
  return {
    onBeforeRun({ task }) {
      started.set(keyOf(task), performance.now());
    },
    onError({ task, error }) {
      errors.set(keyOf(task), error);
    },
    onAfterRun({ task, outcome }) {
      const key = keyOf(task);
      const start = started.get(key);
      const error = errors.get(key);
      started.delete(key);
      errors.delete(key);
      const word =
        outcome.type === "success"
          ? "success"
          : outcome.type === "abort"
            ? "aborted"
            : outcome.type === "continue"
              ? "continued"
              : outcome.willRetry
                ? "retrying"
                : "failed";
      // No start time when the attempt ended before `run` (its stored input no longer parses).
      const durationMs = start === undefined ? null : Math.round(performance.now() - start);
      logger.info(
        { taskName: task.name, taskId: task.id, attempt: task.attempt, outcome: word, durationMs },
        `${word}${durationMs === null ? "" : ` in ${durationMs} ms`}${error ? `: ${error.code}: ${error.message}` : ""}`,
      );
    },
  };
}
