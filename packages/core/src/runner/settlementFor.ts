import { TaskError, TaskErrorCode, toTaskError } from "../errors/taskError.js";
import { toTaskErrorData } from "../errors/taskErrorData.js";
import type { SettlementOutcome, TaskRow } from "../store/rows.js";
import type { AnyTaskDefinition, RunSummary } from "../task/definition.js";
import { isTaskOutcome } from "../task/outcome.js";
import { encodePayload, serialize } from "../util/serialization.js";
import { backoffDelay } from "./backoff.js";

/** Why an attempt's signal fired; each ends the attempt differently. */
export type StopReason =
  | { kind: "abort"; reason: string }
  | { kind: "timeout"; timeoutMs: number }
  /** Another runner holds the task now: write nothing. */
  | { kind: "lost" }
  /** This runner is stopping: hand the task back untouched. */
  | { kind: "shutdown" };

export interface Decided {
  outcome: SettlementOutcome | null;
  summary: RunSummary;
  error?: TaskError;
  output?: unknown;
  abortReason?: string;
}

export function errorText(error: TaskError): string {
  const data = toTaskErrorData(error, { includeStack: true });
  const encoded = encodePayload(data, "The error's data", "error");
  if (encoded.isOk()) return encoded.value;
  // Data the app attached may not be storable (a cycle, a __proto__ key); the message and stack still must.
  const { data: _dropped, ...rest } = data;
  return serialize(rest);
}

function failure(
  row: TaskRow,
  definition: AnyTaskDefinition,
  error: TaskError,
  now: number,
  retry = true,
  delayMs?: number,
): Decided {
  const willRetry = retry && row.attempt < row.maxAttempts;
  const text = errorText(error);
  return {
    outcome: willRetry
      ? {
          type: "retry",
          error: text,
          runAt: now + (delayMs ?? backoffDelay(definition.retry?.backoff, row.attempt)),
        }
      : { type: "failed", error: text },
    summary: { type: "error", willRetry },
    error,
  };
}

/** Turns what `run` returned (or threw, or how it was stopped) into the state change to record. */
export function settlementFor(
  row: TaskRow,
  definition: AnyTaskDefinition,
  result: { stopped: StopReason | null; returned?: unknown; thrown?: unknown; threw: boolean },
  now: number,
): Decided {
  const { stopped } = result;
  if (stopped) {
    switch (stopped.kind) {
      case "lost":
        return { outcome: null, summary: { type: "error", willRetry: false } };
      case "shutdown":
        return { outcome: { type: "release" }, summary: { type: "error", willRetry: true } };
      case "abort": {
        const error = new TaskError(TaskErrorCode.ABORTED, stopped.reason);
        return {
          outcome: { type: "aborted", error: errorText(error) },
          summary: { type: "abort" },
          abortReason: stopped.reason,
        };
      }
      case "timeout":
        return failure(
          row,
          definition,
          new TaskError(
            TaskErrorCode.TIMEOUT,
            `Task "${row.name}" ran longer than its timeoutMs (${stopped.timeoutMs} ms)`,
          ),
          now,
        );
    }
  }
  if (result.threw) return failure(row, definition, toTaskError(result.thrown), now);
  const returned = result.returned;
  if (!isTaskOutcome(returned)) {
    const error = new TaskError(
      TaskErrorCode.TASK_FAILED,
      `Task "${row.name}" returned ${returned === undefined ? "undefined" : typeof returned}; its run must return controller.success(output), controller.error(err), controller.abort() or controller.continue()`,
    );
    return failure(row, definition, error, now, false);
  }
  switch (returned.type) {
    case "success": {
      let output = returned.output;
      if (definition.output) {
        const checked = definition.output.safeParse(output);
        // What is stored is the schema's parsed output (transforms, defaults, unknown keys stripped).
        if (checked.success) output = checked.data;
        else {
          const error = new TaskError(
            TaskErrorCode.VALIDATION,
            `Task "${row.name}" produced output that does not match its output schema: ${checked.error.message}`,
            { data: { issues: checked.error.issues } },
          );
          return failure(row, definition, error, now, false);
        }
      }
      const encoded = encodePayload(output, `The output of task "${row.name}"`, "output");
      if (encoded.isFail()) return failure(row, definition, encoded.error, now, false);
      return { outcome: { type: "success", output: encoded.value }, summary: { type: "success" }, output };
    }
    case "error":
      return failure(row, definition, toTaskError(returned.error), now, returned.retry, returned.delayMs);
    case "abort": {
      const error = new TaskError(TaskErrorCode.ABORTED, returned.reason);
      return {
        outcome: { type: "aborted", error: errorText(error) },
        summary: { type: "abort" },
        abortReason: returned.reason,
      };
    }
    case "continue": {
      if (!returned.hasInput)
        return {
          outcome: { type: "continue", input: null, runAt: now + returned.delayMs },
          summary: { type: "continue" },
        };
      const checked = definition.input.safeParse(returned.input);
      if (!checked.success) {
        const error = new TaskError(
          TaskErrorCode.VALIDATION,
          `Task "${row.name}" continued with input that does not match its input schema: ${checked.error.message}`,
          { data: { issues: checked.error.issues } },
        );
        return failure(row, definition, error, now, false);
      }
      const encoded = encodePayload(returned.input, `The continue input of task "${row.name}"`, "input");
      if (encoded.isFail()) return failure(row, definition, encoded.error, now, false);
      return {
        outcome: { type: "continue", input: encoded.value, runAt: now + returned.delayMs },
        summary: { type: "continue" },
      };
    }
  }
}
