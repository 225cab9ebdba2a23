import pino, { type Logger } from "pino";
import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import { changeFeedOf, type TaskChanges } from "../feed/changeFeed.js";
import { observedStore } from "../feed/observedStore.js";
import { Runner, type RunnerOptions } from "../runner/runner.js";
import type { ScheduleEntry } from "../schedule/scheduleConfig.js";
import { validateSchedules } from "../schedule/validateSchedules.js";
import type { Store } from "../store/store.js";
import type { AnyTaskDefinition, RegisteredContext } from "../task/definition.js";
import { assertValidLimits } from "../task/limits.js";
import { isValidTaskName } from "../task/naming.js";
import { newTaskId } from "../util/ids.js";
import { createTaskManager } from "./createTaskManager.js";
import type { ErrandHooks } from "./hooks.js";
import { InsertCoalescer } from "./insertCoalescer.js";
import type { TaskRegistry } from "./registry.js";
import { type ErrandRuntime, RuntimeSignals } from "./runtime.js";
import { storeBoundary } from "./storeBoundary.js";
import type { TaskManager } from "./taskManager.js";

export interface ErrandOptions<TRegistry extends TaskRegistry> {
  /** The registry: `tasks` from the generated `errand.gen.ts`, or `{ sendEmail, ... }` by hand. */
  tasks: TRegistry;
  /** Where tasks live: `sqliteStore(...)` from @errand/sqlite, `postgresStore(...)`, or `memoryStore()`. */
  store: Store;
  hooks?: ErrandHooks;
  /** The app's pino logger; task log lines are passed on to it. Default: pino at level "info". */
  logger?: Logger;
  /** Given to every task's `run` as `context` (with `tasks` added). */
  context?: RegisteredContext;
  /** Epoch-ms clock; for tests. */
  now?: () => number;
}

export interface Errand<TRegistry extends TaskRegistry> {
  readonly tasks: TaskManager<TRegistry>;
  readonly definitions: ReadonlyMap<string, AnyTaskDefinition>;
  /** The store as given; writes made on it directly are not reported to `changes`. */
  readonly store: Store;
  /** Which tasks changed, as they change: what `watch` in @errand/server is built on. */
  readonly changes: TaskChanges;
  readonly logger: Logger;
  /** A runner for this errand's tasks; call `start()` on it. */
  runner(options?: RunnerOptions): Runner;
  /** Initialises the store (migrations); every operation also does this on first use. */
  ready(): Promise<void>;
  /** Stops this errand's runners (graceful) and closes the store. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * @example
 * const errand = createErrand({ tasks, store: sqliteStore({ path: ".errand/errand.db" }) });
 * await errand.tasks.trigger({ name: "sendEmail", input: { to, subject } });
 * errand.runner({ concurrency: 10 }).start();
 */
export function createErrand<TRegistry extends TaskRegistry>(
  options: ErrandOptions<TRegistry>,
): Errand<TRegistry> {
  const definitions = registryMap(options.tasks);
  const schedules = new Map<string, ScheduleEntry[]>();
  for (const definition of definitions.values()) {
    const entries = validateSchedules(definition);
    if (entries.length > 0) schedules.set(definition.name, entries);
  }
  if (!options.store || typeof options.store.claim !== "function") {
    throw new TaskError(
      TaskErrorCode.VALIDATION,
      "createErrand: `store` must be a Store, e.g. sqliteStore({ path }) from @errand/sqlite or memoryStore()",
    );
  }
  const logger = options.logger ?? pino({ level: "info" });
  let initialised: Promise<void> | undefined;
  const changes = changeFeedOf(options.store, (error) =>
    logger.error({ err: error }, "errand: a change listener threw; ignored"),
  );
  // Every write of the task manager and the runners goes through here and is reported to `changes`.
  // Inside the boundary, so what the driver raised is a STORE error before anything sees it.
  const store = observedStore(storeBoundary(options.store), changes);
  const origin = newTaskId();
  const runtime: ErrandRuntime = {
    definitions,
    schedules,
    store,
    hooks: options.hooks ?? {},
    logger,
    context: (options.context ?? {}) as Record<string, unknown>,
    now: options.now ?? Date.now,
    ready: () => {
      initialised ??= store.init().catch((error) => {
        initialised = undefined;
        throw error;
      });
      return initialised;
    },
    signals: new RuntimeSignals(),
    origin,
    insertCoalescer: new InsertCoalescer(store, logger, origin),
  };
  const runners = new Set<Runner>();
  return {
    tasks: createTaskManager<TRegistry>(runtime),
    definitions,
    store: options.store,
    changes,
    logger,
    runner(runnerOptions) {
      const runner = new Runner(runtime, runnerOptions);
      runners.add(runner);
      return runner;
    },
    ready: runtime.ready,
    async close(closeOptions = {}) {
      await Promise.all([...runners].map((runner) => runner.stop(closeOptions)));
      await store.close();
    },
  };
}

function registryMap(tasks: TaskRegistry): Map<string, AnyTaskDefinition> {
  if (typeof tasks !== "object" || tasks === null) {
    throw new TaskError(
      TaskErrorCode.VALIDATION,
      "createErrand: `tasks` must be an object of task definitions, e.g. { sendEmail } or the `tasks` export of errand.gen.ts",
    );
  }
  const byName = new Map<string, AnyTaskDefinition>();
  for (const [key, value] of Object.entries(tasks)) {
    // The registry's type checks only the parts typed calls read; the rest is checked here.
    const definition = value as AnyTaskDefinition | undefined;
    if (
      !definition ||
      typeof definition.run !== "function" ||
      typeof definition.name !== "string" ||
      typeof definition.input?.safeParse !== "function"
    ) {
      throw new TaskError(
        TaskErrorCode.VALIDATION,
        `createErrand: tasks.${key} is not a task definition; create it with defineTask({ name, input, run })`,
      );
    }
    if (key !== definition.name) {
      // Typed lookups go by key (`tasks[name]`): a key that is not the name would type another task.
      throw new TaskError(
        TaskErrorCode.VALIDATION,
        `createErrand: tasks.${key} is the task named ${JSON.stringify(definition.name)}; key each task by its name, e.g. { ${JSON.stringify(definition.name)}: ${key} } (errand.gen.ts does)`,
      );
    }
    if (!isValidTaskName(definition.name)) {
      throw new TaskError(
        TaskErrorCode.VALIDATION,
        `createErrand: tasks.${key} has an invalid name ${JSON.stringify(definition.name)}`,
      );
    }
    // defineTask checked these already; a definition built by hand is checked here.
    assertValidLimits(definition, `createErrand: tasks.${key}`);
    byName.set(definition.name, definition);
  }
  return byName;
}
