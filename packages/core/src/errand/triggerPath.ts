import { TaskError, TaskErrorCode, toTaskError } from "../errors/taskError.js";
import { Fail, Result } from "../result.js";
import type { NewTaskRow } from "../store/rows.js";
import type { StoreScope } from "../store/store.js";
import type { TriggerOptions } from "./registry.js";
import type { ErrandRuntime } from "./runtime.js";
import { toRecord, toRecordWithInput } from "./toRecord.js";
import { prepareTrigger } from "./validateTrigger.js";

type Prepared = { row: NewTaskRow; input: unknown };

/**
 * The trigger path: validate each request and run `onBeforeTrigger` (nothing stored if any is
 * refused), then insert and report back records. `parentId` defaults for tasks triggered from a run.
 */
export function createTriggerPath(runtime: ErrandRuntime, defaults: { parentId?: string }) {
  const { store } = runtime;
  const coalescer = runtime.insertCoalescer;

  async function prepareAll(requests: readonly { name: unknown; input: unknown; options?: unknown }[]) {
    const now = runtime.now();
    const hook = runtime.hooks.onBeforeTrigger;
    const rows: Prepared[] = [];
    for (let index = 0; index < requests.length; index++) {
      const request = requests[index]!;
      if (typeof request !== "object" || request === null) {
        const error = new TaskError(
          TaskErrorCode.VALIDATION,
          "A trigger request must be an object { name, input, options? }",
        );
        return Result.fail(requests.length === 1 ? error : atIndex(error, index));
      }
      const options = defaults.parentId
        ? { parentId: defaults.parentId, ...(request.options ?? {}) }
        : request.options;
      const prepared = prepareTrigger(runtime.definitions, request.name, request.input, options, now);
      if (prepared.isFail()) {
        return requests.length === 1 ? prepared : Result.fail(atIndex(prepared.error, index));
      }
      if (hook) {
        const event = {
          name: prepared.value.name,
          input: request.input,
          options: (options ?? {}) as TriggerOptions,
        };
        const veto = await beforeTrigger(runtime, event);
        if (veto) return Result.fail(requests.length === 1 ? veto : atIndex(veto, index));
      }
      rows.push({ row: prepared.value, input: request.input });
    }
    return Result.ok(rows);
  }

  async function insertPrepared(prepared: Prepared[], scope: StoreScope | undefined) {
    // A single trigger outside a caller's transaction may share an insert with its neighbours.
    const inserted =
      prepared.length === 1 && scope?.transaction === undefined
        ? [await coalescer.insert(prepared[0]!.row)]
        : await store.insert(
            prepared.map((p) => p.row),
            scope,
          );
    // Inside the caller's transaction the rows are invisible until commit: the store's own
    // notification (Postgres NOTIFY is delivered on commit) wakes runners then.
    if (scope?.transaction === undefined) {
      let earliest = Number.POSITIVE_INFINITY;
      for (const { row } of inserted) if (row.runAt < earliest) earliest = row.runAt;
      runtime.signals.tasksAvailable(earliest);
    }
    const records = inserted.map(({ row, created }, i) =>
      // A new row's input is the caller's own value: skip decoding what was just encoded.
      created ? toRecordWithInput(row, prepared[i]!.input) : toRecord(row),
    );
    if (runtime.hooks.onAfterTrigger) {
      for (const [i, record] of records.entries()) {
        if (!inserted[i]!.created) continue;
        try {
          await runtime.hooks.onAfterTrigger({ task: record });
        } catch (error) {
          runtime.logger.error({ err: error }, "errand hook onAfterTrigger threw; ignored");
        }
      }
    }
    return records;
  }

  return { prepareAll, insertPrepared };
}

function atIndex(error: TaskError, index: number): TaskError {
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
