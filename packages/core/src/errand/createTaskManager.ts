import { z } from "zod";
import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import { toTaskErrorData } from "../errors/taskErrorData.js";
import { Result } from "../result.js";
import { listSchedules } from "../schedule/listSchedules.js";
import type { TaskRow } from "../store/rows.js";
import { allows } from "../store/transitions.js";
import { TASK_STATUSES, type TaskRecord, type TaskStatus } from "../task/record.js";
import { deserialize, encodePayload, serialize } from "../util/serialization.js";
import { conflict, notFound } from "./managementErrors.js";
import type { TaskRegistry } from "./registry.js";
import type { ErrandRuntime } from "./runtime.js";
import { storeCall } from "./storeCall.js";
import type {
  TaskLogLine,
  TaskManager,
  TaskStats,
  TypedUpdatePatch,
  UpdateTaskPatch,
} from "./taskManager.js";
import { toRecord, toRecordWithAttempts } from "./toRecord.js";
import { triggerCall } from "./triggerCall.js";
import { createTriggerPath } from "./triggerPath.js";
import { unknownTaskError, validationError } from "./validateTrigger.js";

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
    name: z.string().max(200).optional(),
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
  const { prepareAll, insertPrepared, triggerMany } = createTriggerPath(runtime, defaults);

  const manager: Untyped = {
    trigger: (...args: unknown[]) =>
      storeCall(runtime, "trigger", async () => {
        const call = triggerCall(runtime, args);
        if (call.isFail()) return call;
        const { request, scope } = call.value;
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
        return (await triggerMany(requests, scope)) as any;
      }),

    get: (id, options?: { name?: unknown }) =>
      storeCall(runtime, "get", async () => {
        const [row, attempts] = await Promise.all([store.get(String(id)), store.attempts(String(id))]);
        // A typed get promises a record of that task: another task's record is not the one asked for.
        if (!row || (options?.name !== undefined && row.name !== options.name)) {
          return Result.fail(notFound(String(id), options?.name));
        }
        return Result.ok(toRecordWithAttempts(row, attempts) as any);
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

    update: (id, patch: UpdateTaskPatch | TypedUpdatePatch<TaskRegistry, string>) =>
      storeCall(runtime, "update", async () => {
        const parsed = patchSchema.safeParse(patch);
        if (!parsed.success) return Result.fail(validationError("Invalid update", parsed.error));
        const current = await store.get(id);
        if (!current || (parsed.data.name !== undefined && current.name !== parsed.data.name)) {
          return Result.fail(notFound(id, parsed.data.name));
        }
        if (!allows("update", current.status)) return Result.fail(conflict(id, "update", current.status));
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
          const encoded = encodePayload(
            parsed.data.input,
            `The new input of task ${id} ("${current.name}")`,
            "input",
          );
          if (encoded.isFail()) return encoded;
          storePatch.input = encoded.value;
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

    abort: (id, reason = DEFAULT_ABORT_REASON) =>
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

    schedules: () => storeCall(runtime, "schedules", async () => Result.ok(await listSchedules(runtime))),
    stats: () =>
      storeCall(runtime, "stats", async () => {
        const rows = await store.stats();
        const zero = () => Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
        const stats: TaskStats = { byName: {}, total: zero(), paused: await store.pausedNames() };
        for (const name of runtime.definitions.keys()) stats.byName[name] = zero();
        for (const row of rows) {
          stats.byName[row.name] ??= zero();
          stats.byName[row.name]![row.status] += row.count;
          stats.total[row.status] += row.count;
        }
        return Result.ok(stats);
      }),

    pause: (name: string) =>
      storeCall(runtime, "pause", async () => {
        if (!runtime.definitions.has(name))
          return Result.fail(unknownTaskError(name, runtime.definitions.keys()));
        await store.pause(name, runtime.now());
        return Result.ok({ name, paused: true as const });
      }),

    resume: (name: string) =>
      storeCall(runtime, "resume", async () => {
        if (!runtime.definitions.has(name))
          return Result.fail(unknownTaskError(name, runtime.definitions.keys()));
        await store.resume(name);
        // Its tasks may be due already: wake this process's runners (Postgres also notifies others).
        runtime.signals.tasksAvailable();
        return Result.ok({ name, paused: false as const });
      }),
  };
  return manager as unknown as TaskManager<TRegistry>;
}

/** The reason recorded when an abort names none, and when a runner learns of one only by heartbeat. */
export const DEFAULT_ABORT_REASON = "aborted on request";

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
