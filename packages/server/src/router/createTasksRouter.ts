import type { Errand, TaskRegistry } from "@errand/core";
import type { AnyTRPCRootTypes, TRPCBuiltRouter, TRPCRootConfig, TRPCRouterBuilder } from "@trpc/server";
import { type Authorize, createAccess } from "../access/authorize.js";
import { formatTasksError } from "../errors/formatTasksError.js";
import { ResumePoints } from "../watch/resumePoints.js";
import { WatchHub } from "../watch/watchHub.js";
import { presentRecord, type TasksRouterDeps } from "./deps.js";
import { manageProcedures } from "./procedures/manageProcedures.js";
import { overviewProcedures } from "./procedures/overviewProcedures.js";
import { pauseProcedures } from "./procedures/pauseProcedures.js";
import { readProcedures } from "./procedures/readProcedures.js";
import { triggerProcedures } from "./procedures/triggerProcedures.js";
import { watchProcedures } from "./procedures/watchProcedures.js";
import { createTasksTRPC, type TasksBaseProcedure, type TasksTRPC } from "./tasksTRPC.js";

export interface TasksRouterOptions<TContext> {
  /** Called before every action; see `Authorize`. Default: everything is allowed. */
  authorize?: Authorize<TContext>;
  /** Most requests one `triggerMany` takes. Default 1,000. */
  maxBatchSize?: number;
  /**
   * `watch` reads the store when `errand.changes` reports a change. Only with a store that cannot
   * report other processes' writes (a custom Store without `watchChanges`) does it also re-read
   * every `watchIntervalMs`. Default 2,000 ms.
   */
  watchIntervalMs?: number;
  /** `watchStats` reads the counts on a change, at most this often. Default 1,000 ms. */
  statsIntervalMs?: number;
  /**
   * `watchLogs` reads a task's log on a change; while the task runs also this often, since lines a
   * runner in another process writes are not pushed. Default 500 ms.
   */
  logsIntervalMs?: number;
  /** Send the stack of a failed task's error to callers. Default false. */
  exposeTaskErrorStacks?: boolean;
}

/** What `initTRPC...create()` returns, as far as the tasks router needs it. */
export interface AppTRPC {
  _config: TRPCRootConfig<AnyTRPCRootTypes>;
  procedure: unknown;
  router: TRPCRouterBuilder<any>;
}

type rootTypesOf<TTRPC extends AppTRPC> = TTRPC["_config"]["$types"];

function tasksRecord<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  deps: TasksRouterDeps<TRegistry>,
) {
  return {
    ...triggerProcedures(base, deps),
    ...readProcedures(base, deps),
    ...manageProcedures(base, deps),
    ...pauseProcedures(base, deps),
    ...watchProcedures(base, deps),
    ...overviewProcedures(base, deps),
  };
}

/** The procedures of the tasks router, typed over the registry. */
export type TasksRouterRecord<TRegistry extends TaskRegistry> = ReturnType<typeof tasksRecord<TRegistry>>;

/** The router `createTasksRouter(errand)` returns when it is not given the app's `t`. */
export type TasksRouter<TRegistry extends TaskRegistry, TContext extends object = object> = TRPCBuiltRouter<
  rootTypesOf<TasksTRPC<TContext>>,
  TasksRouterRecord<TRegistry>
>;

/**
 * The tasks router: trigger, manage and watch the errand's tasks over tRPC.
 *
 * Alone, it has its own root (superjson, the tasks error formatter); mount it under `tasks` in an
 * app router, or serve it with `createTasksServer`. Given the app's `t`, it is built with that root
 * instead, and `authorize` sees the app's context type. Either way each procedure formats its own
 * errors (zod issues in `error.data.issues`, no stacks), whatever the app's error formatter does.
 *
 * @example
 * const t = initTRPC.context<AppContext>().create({ transformer: superjson });
 * export const appRouter = t.router({
 *   users: usersRouter,
 *   tasks: createTasksRouter(errand, { t, authorize: ({ ctx, action }) => action === "trigger" || ctx.user?.admin === true }),
 * });
 */
export function createTasksRouter<TRegistry extends TaskRegistry, TTRPC extends AppTRPC>(
  errand: Errand<TRegistry>,
  options: TasksRouterOptions<rootTypesOf<TTRPC>["ctx"]> & { t: TTRPC },
): TRPCBuiltRouter<rootTypesOf<TTRPC>, TasksRouterRecord<TRegistry>>;
export function createTasksRouter<TRegistry extends TaskRegistry, TContext extends object = object>(
  errand: Errand<TRegistry>,
  options?: TasksRouterOptions<TContext>,
): TasksRouter<TRegistry, TContext>;
export function createTasksRouter(
  errand: Errand<TaskRegistry>,
  options: TasksRouterOptions<any> & { t?: AppTRPC } = {},
): TRPCBuiltRouter<any, any> {
  const t = options.t ?? createTasksTRPC();
  if (options.t) assertKeepsDates(options.t);
  const base = (t.procedure as TasksBaseProcedure).errors(formatTasksError);
  const deps: TasksRouterDeps<TaskRegistry> = {
    errand,
    access: createAccess(errand, options.authorize),
    maxBatchSize: positiveInt(options.maxBatchSize ?? 1_000, "maxBatchSize"),
    watchHub: new WatchHub(errand, positiveInt(options.watchIntervalMs ?? 2_000, "watchIntervalMs")),
    resumePoints: new ResumePoints(),
    pollIntervals: {
      statsMs: positiveInt(options.statsIntervalMs ?? 1_000, "statsIntervalMs"),
      logsMs: positiveInt(options.logsIntervalMs ?? 500, "logsIntervalMs"),
    },
    present: presentRecord(options.exposeTaskErrorStacks === true),
  };
  return t.router(tasksRecord(base as unknown as TasksBaseProcedure, deps));
}

// Records carry Dates (createdAt, runAt, ...) and task inputs may too: a root without a transformer
// would hand the client strings typed as Dates. Fail at startup rather than in a caller's code.
function assertKeepsDates(t: AppTRPC): void {
  const { output } = t._config.transformer;
  const date = new Date(0);
  let roundTrip: unknown;
  try {
    roundTrip = output.deserialize(JSON.parse(JSON.stringify(output.serialize(date))));
  } catch {
    roundTrip = undefined;
  }
  if (!(roundTrip instanceof Date)) {
    throw new TypeError(
      "createTasksRouter({ t }): the app's tRPC root must keep Dates; create it with initTRPC.create({ transformer: superjson })",
    );
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`createTasksRouter: ${name} must be a whole number of at least 1, got ${value}`);
  }
  return value;
}
