import { TaskError, TaskErrorCode, toTaskError } from "../errors/taskError.js";
import { Fail } from "../result.js";
import type { NewTaskRow } from "../store/rows.js";
import type { TriggerOptions } from "./registry.js";
import type { ErrandRuntime } from "./runtime.js";
import { prepareTrigger } from "./validateTrigger.js";

/**
 * Validated requests: their rows, and each caller's input beside it (for the records). Two arrays,
 * not an object per request: in a bulk trigger not streamed to the store everything made here lives
 * until the call returns, and the collector copies every live object, so each object per task costs.
 */
export type Prepared = { rows: NewTaskRow[]; inputs: unknown[] };
export type TriggerRequest = { name: unknown; input: unknown; options?: unknown };
/** Set by `prepareSlices` when it refuses a request, before it throws that error. */
export type Refusal = { error?: TaskError };

/** Requests prepared (and, in a bulk trigger, records built) per slice before the event loop gets a turn. */
export const SLICE = 2_000;

/**
 * The requests prepared a slice at a time, the event loop getting a turn between slices (a store
 * taking them as a stream sends its statements meanwhile). Throws the first refusal, with the
 * request's index in a bulk trigger, after setting `refusal.error` to it.
 */
export async function* prepareSlices(
  runtime: ErrandRuntime,
  defaults: { parentId?: string },
  requests: readonly TriggerRequest[],
  refusal: Refusal,
): AsyncGenerator<Prepared> {
  const now = runtime.now();
  const hook = runtime.hooks.onBeforeTrigger;
  const refuse = (error: TaskError, index: number) => {
    refusal.error = requests.length === 1 ? error : atIndex(error, index);
    return refusal.error;
  };
  for (let start = 0; start < requests.length; start += SLICE) {
    if (start > 0) await new Promise(setImmediate);
    const end = Math.min(requests.length, start + SLICE);
    const rows: NewTaskRow[] = [];
    const inputs: unknown[] = [];
    for (let index = start; index < end; index++) {
      const request = requests[index]!;
      if (typeof request !== "object" || request === null) {
        const error = new TaskError(
          TaskErrorCode.VALIDATION,
          "A trigger request must be an object { name, input, options? }",
        );
        throw refuse(error, index);
      }
      const options = defaults.parentId
        ? { parentId: defaults.parentId, ...(request.options ?? {}) }
        : request.options;
      const prepared = prepareTrigger(runtime.definitions, request.name, request.input, options, now);
      if (prepared.isFail()) throw refuse(prepared.error, index);
      if (hook) {
        const event = {
          name: prepared.value.name,
          input: request.input,
          options: (options ?? {}) as TriggerOptions,
        };
        const veto = await beforeTrigger(runtime, event);
        if (veto) throw refuse(veto, index);
      }
      rows.push(prepared.value);
      inputs.push(request.input);
    }
    yield { rows, inputs };
  }
}

export function atIndex(error: TaskError, index: number): TaskError {
  return new TaskError(error.code, `Request ${index}: ${error.message}`, {
    data: { index, ...(typeof error.data === "object" && error.data !== null ? error.data : {}) },
  });
}

async function beforeTrigger(
  runtime: ErrandRuntime,
  event: { name: string; input: unknown; options: TriggerOptions },
): Promise<TaskError | null> {
  const hook = runtime.hooks.onBeforeTrigger;
  if (!hook) return null;
  try {
    const verdict = await hook(event);
    if (verdict instanceof Fail) {
      const reason = toTaskError(verdict.error, TaskErrorCode.VETOED);
      return new TaskError(TaskErrorCode.VETOED, `Trigger of "${event.name}" refused: ${reason.message}`, {
        data: reason.data,
        cause: verdict.error,
      });
    }
    return null;
  } catch (error) {
    // Fail closed: a hook that guards triggers (auth, quotas) and breaks must not wave work through.
    runtime.logger.error({ err: error }, "errand hook onBeforeTrigger threw; trigger refused");
    return new TaskError(
      TaskErrorCode.VETOED,
      `Trigger of "${event.name}" refused: the onBeforeTrigger hook threw (${toTaskError(error).message})`,
      { cause: error },
    );
  }
}
