import { z } from "zod";
import { TaskError, TaskErrorCode, toTaskError } from "../errors/taskError.js";
import { toTaskErrorData } from "../errors/taskErrorData.js";
import { Fail, Result } from "../result.js";
import type { NewTaskRow, TaskRow } from "../store/rows.js";
import type { StoreScope } from "../store/store.js";
import { TASK_STATUSES, type TaskRecord, type TaskStatus } from "../task/record.js";
import { deserialize, serialize } from "../util/serialization.js";
import { conflict, notFound } from "./managementErrors.js";
import type { TaskRegistry, TriggerOptions } from "./registry.js";
import type { ErrandRuntime } from "./runtime.js";
import { storeCall } from "./storeCall.js";
import type { TaskLogLine, TaskManager, TaskStats, UpdateTaskPatch } from "./taskManager.js";
import { toRecord, toRecordWithInput } from "./toRecord.js";
import { prepareTrigger, validationError } from "./validateTrigger.js";

const listQuerySchema = z
  .object({
    name: z.string().max(200).optional(),
    status: z.enum(TASK_STATUSES).optional(),
    parentId: z.string().max(64).optional(),
    createdFrom: z.date().optional(),
    createdTo: z.date().optional(),
    limit: z.number().int().min(1).max(1000).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const patchSchema = z
  .object({
    input: z.unknown().optional(),
    priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    runAt: z.date().optional(),
    maxAttempts: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

type Untyped = TaskManager<TaskRegistry>;

/** The management API over one runtime; `parentId` is set on everything triggered through it. */
export function createTaskManager<TRegistry extends TaskRegistry>(
  runtime: ErrandRuntime,
  defaults: { parentId?: string } = {},
): TaskManager<TRegistry> {
  const { store } = runtime;
  const coalescer = runtime.insertCoalescer;

  async function prepareAll(requests: readonly { name: unknown; input: unknown; options?: unknown }[]) {
    const now = runtime.now();
    const hook = runtime.hooks.onBeforeTrigger;
    const rows: { row: NewTaskRow; input: unknown }[] = [];
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

  async function insertPrepared(
    prepared: { row: NewTaskRow; input: unknown }[],
    scope: StoreScope | undefined,
  ) {
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

  const manager: Untyped = {
    trigger: (request, scope) =>
      storeCall(runtime, "trigger", async () => {
        const prepared = await prepareAll([request]);
        if (prepared.isFail()) return prepared;
        const [record] = await insertPrepared(prepared.value, scope);
        return Result.ok(record as any);
      }),

    triggerMany: (requests, scope) =>
      storeCall(runtime, "triggerMany", async () => {
        if (!Array.isArray(requests)) {
          return Result.fail(
            new TaskError(
              TaskErrorCode.VALIDATION,
              "triggerMany takes an array of { name, input, options? }",
            ),
          );
        }
        if (requests.length === 0) return Result.ok([]);
        const prepared = await prepareAll(requests);
        if (prepared.isFail()) return prepared;
        return Result.ok((await insertPrepared(prepared.value, scope)) as any);
      }),

    get: (id) =>
      storeCall(runtime, "get", async () => {
        const row = await store.get(String(id));
        return row ? Result.ok(toRecord(row) as any) : Result.fail(notFound(String(id)));
      }),

    list: (query = {}) =>
      storeCall(runtime, "list", async () => {
        const parsed = listQuerySchema.safeParse(query);
        if (!parsed.success) return Result.fail(validationError("Invalid list query", parsed.error));
        const { createdFrom, createdTo, ...rest } = parsed.data;
        const page = await store.list({
          ...rest,
          createdFrom: createdFrom?.getTime(),
          createdTo: createdTo?.getTime(),
        });
        return Result.ok({ items: page.rows.map(toRecord) as any, nextCursor: page.nextCursor });
      }),

    update: (id, patch: UpdateTaskPatch) =>
      storeCall(runtime, "update", async () => {
        const parsed = patchSchema.safeParse(patch);
        if (!parsed.success) return Result.fail(validationError("Invalid update", parsed.error));
        const current = await store.get(id);
        if (!current) return Result.fail(notFound(id));
        if (current.status !== "pending") return Result.fail(conflict(id, "update", current.status));
        const storePatch: { input?: string; priority?: number; runAt?: number; maxAttempts?: number } = {};
        if ("input" in parsed.data) {
          const definition = runtime.definitions.get(current.name);
          if (!definition)
            return Result.fail(
              new TaskError(
                TaskErrorCode.UNKNOWN_TASK,
                `Task "${id}" is of an unregistered task "${current.name}"; its input cannot be validated.`,
              ),
            );
          const input = definition.input.safeParse(parsed.data.input);
          if (!input.success)
            return Result.fail(validationError(`Invalid input for task "${current.name}"`, input.error));
          storePatch.input = serialize(parsed.data.input);
        }
        if (parsed.data.priority !== undefined) storePatch.priority = parsed.data.priority;
        if (parsed.data.runAt !== undefined) storePatch.runAt = parsed.data.runAt.getTime();
        if (parsed.data.maxAttempts !== undefined) storePatch.maxAttempts = parsed.data.maxAttempts;
        const result = await store.updatePending(id, storePatch, runtime.now());
        if (result.result === "ok") runtime.signals.tasksAvailable(result.row.runAt);
        return mutationResult(id, "update", result);
      }),

    delete: (id) =>
      storeCall(runtime, "delete", async () => {
        const result = await store.delete(id);
        const mapped = mutationResult(id, "delete", result);
        return mapped.isFail() ? mapped : Result.ok({ id });
      }),

    abort: (id, reason = "aborted on request") =>
      storeCall(runtime, "abort", async () => {
        const error = abortError(reason);
        const result = await store.requestAbort(id, error, runtime.now());
        if (result.result === "not_found") return Result.fail(notFound(id));
        if (result.result === "conflict") return Result.fail(conflict(id, "abort", result.status));
        if (result.result === "requested") runtime.signals.abortRequested(id, reason);
        return Result.ok(toRecord(result.row) as any);
      }),

    retry: (id) =>
      storeCall(runtime, "retry", async () => {
        const result = await store.retry(id, runtime.now());
        if (result.result === "ok") runtime.signals.tasksAvailable();
        return mutationResult(id, "retry", result);
      }),

    logs: (id, options = {}) =>
      storeCall(runtime, "logs", async () => {
        const limit = (options as { limit?: unknown }).limit;
        if (
          limit !== undefined &&
          !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= 10_000)
        ) {
          return Result.fail(
            new TaskError(
              TaskErrorCode.VALIDATION,
              `logs: limit must be a whole number from 1 to 10,000, got ${String(limit)}`,
            ),
          );
        }
        if (!(await store.get(id))) return Result.fail(notFound(id));
        const entries = await store.logs(id, options);
        return Result.ok(
          entries.map(
            (entry): TaskLogLine => ({
              attempt: entry.attempt,
              at: new Date(entry.at),
              level: entry.level,
              message: entry.message,
              data: entry.data === null ? null : deserialize(entry.data),
            }),
          ),
        );
      }),

    stats: () =>
      storeCall(runtime, "stats", async () => {
        const rows = await store.stats();
        const zero = () => Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
        const stats: TaskStats = { byName: {}, total: zero() };
        for (const name of runtime.definitions.keys()) stats.byName[name] = zero();
        for (const row of rows) {
          stats.byName[row.name] ??= zero();
          stats.byName[row.name]![row.status] += row.count;
          stats.total[row.status] += row.count;
        }
        return Result.ok(stats);
      }),
  };
  return manager as unknown as TaskManager<TRegistry>;
}

export function abortError(reason: string): string {
  return serialize(toTaskErrorData(new TaskError(TaskErrorCode.ABORTED, reason), { includeStack: false }));
}

function mutationResult(
  id: string,
  action: "update" | "delete" | "retry",
  result:
    | { result: "ok"; row: TaskRow }
    | { result: "not_found" }
    | { result: "conflict"; status: TaskStatus },
): Result<any, TaskError> {
  if (result.result === "not_found") return Result.fail(notFound(id));
  if (result.result === "conflict") return Result.fail(conflict(id, action, result.status));
  return Result.ok(toRecord(result.row) as TaskRecord);
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
