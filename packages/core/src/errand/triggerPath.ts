import type { TaskError } from "../errors/taskError.js";
import { Result } from "../result.js";
import type { NewTaskRow } from "../store/rows.js";
import type { StoreScope } from "../store/store.js";
import { newRow } from "../store/transitions.js";
import type { TaskRecord } from "../task/record.js";
import { type Prepared, prepareSlices, type Refusal, SLICE, type TriggerRequest } from "./prepareRequests.js";
import type { ErrandRuntime } from "./runtime.js";
import { toRecord, toRecordWithInput } from "./toRecord.js";

/**
 * The trigger path: validate each request and run `onBeforeTrigger` (nothing stored if any is
 * refused), then insert and report back records. `parentId` defaults for tasks triggered from a run.
 */
export function createTriggerPath(runtime: ErrandRuntime, defaults: { parentId?: string }) {
  const { store } = runtime;
  const coalescer = runtime.insertCoalescer;

  async function prepareAll(requests: readonly TriggerRequest[]): Promise<Result<Prepared, TaskError>> {
    const refusal: Refusal = {};
    const rows: NewTaskRow[] = [];
    const inputs: unknown[] = [];
    try {
      for await (const slice of prepareSlices(runtime, defaults, requests, refusal)) {
        for (let i = 0; i < slice.rows.length; i++) {
          rows.push(slice.rows[i]!);
          inputs.push(slice.inputs[i]);
        }
      }
    } catch (error) {
      if (refusal.error) return Result.fail(refusal.error);
      throw error;
    }
    return Result.ok({ rows, inputs });
  }

  async function insertPrepared({ rows, inputs }: Prepared, scope: StoreScope | undefined) {
    // A single trigger outside a caller's transaction may share an insert with its neighbours.
    const insertion =
      rows.length === 1 && scope?.transaction === undefined
        ? coalescer.insert(rows[0]!).then((one) => [one])
        : store.insert(rows, announced(scope));
    const records = await recordsAsCreated(rows, inputs, insertion);
    const inserted = await insertion;
    let earliest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < inserted.length; i++) {
      const result = inserted[i]!;
      if (!result.created) records[i] = toRecord(result.row);
      const runAt = result.created ? rows[i]!.runAt : result.row.runAt;
      if (runAt < earliest) earliest = runAt;
    }
    await announce(earliest, records, (i) => inserted[i]!.created, scope);
    return records;
  }

  /**
   * A bulk trigger. Into a store that takes a stream, requests are validated (and their records
   * built) slice by slice while the store writes the slices before them; the store rolls everything back if a later request is
   * refused, so the trigger stays all or nothing. Keyed requests (idempotency, debounce) take the
   * plain path: their rows may come back as other tasks, which a stream does not report.
   */
  async function triggerMany(
    requests: readonly TriggerRequest[],
    scope: StoreScope | undefined,
  ): Promise<Result<TaskRecord[], TaskError>> {
    if (!store.insertStream || requests.length <= SLICE || requests.some(hasKeyOption)) {
      const prepared = await prepareAll(requests);
      if (prepared.isFail()) return Result.fail(prepared.error);
      return Result.ok(await insertPrepared(prepared.value, scope));
    }
    const refusal: Refusal = {};
    // Only the records outlive their slice: the rows go once the store has sent them.
    const records: TaskRecord[] = [];
    let earliest = Number.POSITIVE_INFINITY;
    async function* chunks() {
      for await (const { rows, inputs } of prepareSlices(runtime, defaults, requests, refusal)) {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          // hasKeyOption let no key through: a key here is a bug, not the caller's mistake.
          if (row.idempotencyKey !== null || row.debounceKey !== null)
            throw new Error("keyed row in a stream");
          if (row.runAt < earliest) earliest = row.runAt;
          records.push(toRecordWithInput(newRow(row), inputs[i]));
        }
        yield rows;
      }
    }
    try {
      await store.insertStream(chunks(), announced(scope));
    } catch (error) {
      if (refusal.error) return Result.fail(refusal.error);
      throw error;
    }
    if (records.length !== requests.length) throw new Error("the store ended the insert stream early");
    await announce(earliest, records, () => true, scope);
    return Result.ok(records);
  }

  /**
   * Whether `announce` wakes this instance's runners in process: not inside the caller's
   * transaction, whose rows are invisible until commit (the store's own notification, Postgres
   * NOTIFY delivered on commit, wakes runners then).
   */
  function wakesInProcess(scope: StoreScope | undefined): boolean {
    return scope?.transaction === undefined;
  }

  /** The scope to insert with: named by this instance's origin when `announce` wakes its runners. */
  function announced(scope: StoreScope | undefined): StoreScope | undefined {
    return wakesInProcess(scope) ? { ...scope, origin: runtime.origin } : scope;
  }

  /** Wakes runners for what was stored, then runs `onAfterTrigger` for each created task. */
  async function announce(
    earliest: number,
    records: readonly TaskRecord[],
    created: (index: number) => boolean,
    scope: StoreScope | undefined,
  ) {
    if (wakesInProcess(scope)) runtime.signals.tasksAvailable(earliest);
    if (runtime.hooks.onAfterTrigger) {
      for (const [i, record] of records.entries()) {
        if (!created(i)) continue;
        try {
          await runtime.hooks.onAfterTrigger({ task: record });
        } catch (error) {
          runtime.logger.error({ err: error }, "errand hook onAfterTrigger threw; ignored");
        }
      }
    }
  }

  return { prepareAll, insertPrepared, triggerMany };
}

/** Whether a request asks for an idempotency or debounce key (validation judges the rest). */
function hasKeyOption(request: TriggerRequest): boolean {
  const options = typeof request === "object" && request !== null ? request.options : undefined;
  return (
    typeof options === "object" && options !== null && ("idempotencyKey" in options || "debounce" in options)
  );
}

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
  for (let start = 0; start < rows.length && !failed; start += SLICE) {
    if (start > 0) await new Promise(setImmediate);
    const end = Math.min(rows.length, start + SLICE);
    for (let i = start; i < end; i++) records[i] = toRecordWithInput(newRow(rows[i]!), inputs[i]);
  }
  return records;
}
