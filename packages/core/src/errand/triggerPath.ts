import { TaskError, TaskErrorCode, toTaskError } from "../errors/taskError.js";
import { Fail, Result } from "../result.js";
import type { NewTaskRow } from "../store/rows.js";
import type { StoreScope } from "../store/store.js";
import { newRow } from "../store/transitions.js";
import type { TaskRecord } from "../task/record.js";
import type { TriggerOptions } from "./registry.js";
import type { ErrandRuntime } from "./runtime.js";
import { toRecord, toRecordWithInput } from "./toRecord.js";
import { prepareTrigger } from "./validateTrigger.js";

/**
 * Validated requests: their rows, and each caller's input beside it (for the records). Two arrays,
 * not an object per request: in a bulk trigger everything made here lives until the call returns,
 * and the collector copies every live object, so each object per task costs.
 */
type Prepared = { rows: NewTaskRow[]; inputs: unknown[] };

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
    const rows: NewTaskRow[] = [];
    const inputs: unknown[] = [];
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
      rows.push(prepared.value);
      inputs.push(request.input);
    }
    return Result.ok<Prepared>({ rows, inputs });
  }

  async function insertPrepared({ rows, inputs }: Prepared, scope: StoreScope | undefined) {
    // A single trigger outside a caller's transaction may share an insert with its neighbours.
    const insertion =
      rows.length === 1 && scope?.transaction === undefined
        ? coalescer.insert(rows[0]!).then((one) => [one])
        : store.insert(rows, scope);
    const records = await recordsAsCreated(rows, inputs, insertion);
    const inserted = await insertion;
    // Inside the caller's transaction the rows are invisible until commit: the store's own
    // notification (Postgres NOTIFY is delivered on commit) wakes runners then.
    if (scope?.transaction === undefined) {
      let earliest = Number.POSITIVE_INFINITY;
      for (const { row } of inserted) if (row.runAt < earliest) earliest = row.runAt;
      runtime.signals.tasksAvailable(earliest);
    }
    for (let i = 0; i < inserted.length; i++) {
      if (!inserted[i]!.created) records[i] = toRecord(inserted[i]!.row);
    }
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

/** Records built per slice before the event loop gets a turn. */
const RECORD_SLICE = 2_000;

/**
 * The records of `rows` as created, built while the store inserts them: every store returns a
 * created row as `newRow(candidate)` (Store's rules; the conformance suite checks it), so they need
 * not wait for its answer, and the caller replaces the few that were not created. A new row's
 * input is the caller's own value, so nothing is decoded. The slices give the event loop a turn
 * between them: a store waiting on its database (Postgres) sends its next statements meanwhile,
 * and a bulk trigger pays for its records and its database time at once instead of one after the other.
 */
async function recordsAsCreated(
  rows: readonly NewTaskRow[],
  inputs: readonly unknown[],
  insertion: Promise<unknown>,
): Promise<TaskRecord[]> {
  let failed = false;
  // The caller awaits `insertion`; handled here too, so a failure while this runs is not reported as unhandled.
  insertion.catch(() => {
    failed = true;
  });
  const records: TaskRecord[] = new Array(rows.length);
  for (let start = 0; start < rows.length && !failed; start += RECORD_SLICE) {
    if (start > 0) await new Promise(setImmediate);
    const end = Math.min(rows.length, start + RECORD_SLICE);
    for (let i = start; i < end; i++) records[i] = toRecordWithInput(newRow(rows[i]!), inputs[i]);
  }
  return records;
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
