import { callHookSafely } from "../errand/hooks.js";
import type { ErrandRuntime } from "../errand/runtime.js";
import { toRunInfo } from "../errand/toRecord.js";
import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import type { Settlement } from "../store/rows.js";
import type { AnyTaskDefinition } from "../task/definition.js";
import { deserialize } from "../util/serialization.js";
import type { ActiveAttempt } from "./activeAttempt.js";
import { AttemptRunArgs } from "./runArgs.js";
import { type Decided, errorText, settlementFor } from "./settlementFor.js";
import type { TaskLogCapture } from "./taskLogCapture.js";

export interface AttemptDeps {
  runtime: ErrandRuntime;
  runnerId: string;
  /** Queues the attempt's outcome; resolves with whether it was applied (the lease was still held). */
  settle(settlement: Settlement, attempt: ActiveAttempt): Promise<boolean>;
  logs: TaskLogCapture;
}

/**
 * Runs one claimed attempt to its end and records the outcome. Never throws: whatever the task
 * does, the attempt must be settled, or its lease left to expire only when this runner is lost.
 */
export async function executeAttempt(active: ActiveAttempt, deps: AttemptDeps): Promise<void> {
  const { runtime } = deps;
  const { row } = active;
  const definition = runtime.definitions.get(row.name);
  let decided: Decided;
  if (!definition) {
    decided = { outcome: { type: "release" }, summary: { type: "error", willRetry: true } };
  } else if (active.stopReason) {
    // Stopped while it waited for a slot (claimed ahead): settled as stopped, `run` never called.
    decided = settlementFor(row, definition, { stopped: active.stopReason, threw: false }, runtime.now());
  } else {
    const input = parseStoredInput(row.input, definition);
    if (input instanceof TaskError) {
      decided = {
        outcome: { type: "failed", error: errorText(input) },
        summary: { type: "error", willRetry: false },
        error: input,
      };
    } else {
      decided = await runDefinition(active, definition, input, deps);
    }
  }
  const applied = decided.outcome
    ? await deps.settle(
        {
          id: row.id,
          runnerId: deps.runnerId,
          leaseNumber: row.leaseNumber,
          attempt: row.attempt,
          outcome: decided.outcome,
        },
        active,
      )
    : false;
  // Checked before the call: an async call allocates its frame and promise even when it does nothing.
  if (applied && definition && hasAfterRunHooks(definition, runtime))
    await afterRunHooks(active, definition, decided, runtime);
}

function parseStoredInput(text: string, definition: AnyTaskDefinition): unknown | TaskError {
  let raw: unknown;
  try {
    raw = deserialize(text);
  } catch (error) {
    return new TaskError(
      TaskErrorCode.VALIDATION,
      `The stored input of task "${definition.name}" could not be decoded`,
      { cause: error },
    );
  }
  // The payload may predate a schema change: fail this task clearly rather than run it on bad data.
  const parsed = definition.input.safeParse(raw);
  if (parsed.success) return parsed.data;
  return new TaskError(
    TaskErrorCode.VALIDATION,
    `The stored input of task "${definition.name}" no longer matches its input schema (was the schema changed after it was triggered?): ${parsed.error.message}`,
    { data: { issues: parsed.error.issues } },
  );
}

async function runDefinition(
  active: ActiveAttempt,
  definition: AnyTaskDefinition,
  input: unknown,
  deps: AttemptDeps,
): Promise<Decided> {
  const { runtime } = deps;
  const { row } = active;
  const info = toRunInfo(row);
  const hooks = runtime.hooks;
  if (hooks.onBeforeRun || definition.onBeforeRun) {
    await callHookSafely(runtime.logger, "onBeforeRun", hooks.onBeforeRun, { task: info, input });
    await callHookSafely(runtime.logger, "onBeforeRun", definition.onBeforeRun, { task: info, input });
  }
  const timeoutMs = definition.timeoutMs;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => active.stop({ kind: "timeout", timeoutMs }), timeoutMs);
  const args = new AttemptRunArgs(active, input, info, deps);
  let returned: unknown;
  let thrown: unknown;
  let threw = false;
  try {
    const result = definition.run(args);
    // A `run` that returns without a promise (most short tasks) is decided at once: no await.
    returned = isThenable(result) ? await untilStopped(result, active) : result;
  } catch (error) {
    thrown = error;
    threw = true;
  } finally {
    if (timer) clearTimeout(timer);
  }
  return settlementFor(
    row,
    definition,
    { stopped: active.stopReason, returned, thrown, threw },
    runtime.now(),
  );
}

/**
 * Waits for `run`, but no longer than the attempt's signal: a task that ignores its signal must not
 * hold a runner slot past an abort, a timeout or a shutdown.
 */
function untilStopped(result: PromiseLike<unknown>, active: ActiveAttempt): Promise<unknown> {
  if (active.stopReason) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    active.whenStopped(() => resolve(undefined));
    result.then(
      (value) => {
        active.whenStopped(undefined);
        resolve(value);
      },
      (error) => {
        active.whenStopped(undefined);
        reject(error);
      },
    );
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function"
  );
}

function hasAfterRunHooks(definition: AnyTaskDefinition, runtime: ErrandRuntime): boolean {
  const hooks = runtime.hooks;
  return Boolean(
    hooks.onSuccess ||
      hooks.onError ||
      hooks.onAbort ||
      hooks.onAfterRun ||
      definition.onSuccess ||
      definition.onError ||
      definition.onAbort ||
      definition.onAfterRun,
  );
}

async function afterRunHooks(
  active: ActiveAttempt,
  definition: AnyTaskDefinition,
  decided: Decided,
  runtime: ErrandRuntime,
) {
  const hooks = runtime.hooks;
  const task = toRunInfo(active.row);
  const log = runtime.logger;
  for (const source of [hooks, definition]) {
    if (decided.summary.type === "success")
      await callHookSafely(log, "onSuccess", source.onSuccess, { task, output: decided.output });
    if (decided.summary.type === "error" && decided.error) {
      await callHookSafely(log, "onError", source.onError, {
        task,
        error: decided.error,
        willRetry: decided.summary.willRetry ?? false,
      });
    }
    if (decided.summary.type === "abort")
      await callHookSafely(log, "onAbort", source.onAbort, { task, reason: decided.abortReason ?? "" });
    await callHookSafely(log, "onAfterRun", source.onAfterRun, { task, outcome: decided.summary });
  }
}
