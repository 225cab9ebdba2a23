import type { Logger } from "pino";
import type { z } from "zod";
import type { TaskManager } from "../errand/taskManager.js";
import type { TaskError } from "../errors/taskError.js";
import type { ScheduleConfig } from "../schedule/scheduleConfig.js";
import type { InferringSchemaTaskController, SchemaTaskController } from "./controller.js";
import type { ConcurrencyLimit, RateLimit } from "./limits.js";
import type { SuccessOutcome, TaskOutcome } from "./outcome.js";
import type { TaskRunInfo } from "./record.js";

/**
 * Declare your app's context type once, and every task's `run` sees it:
 * @example
 * declare module "@errand/core" {
 *   interface Register { context: { db: Database } }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by apps through declaration merging
export interface Register {}

export type RegisteredContext = Register extends { context: infer TContext }
  ? TContext
  : Record<never, never>;

/**
 * The app's registry, when it registers it (`interface Register { tasks: Tasks }`): then
 * `context.tasks.trigger({ name, input })` is typed by name too. Interfaces resolve lazily, so a
 * task that triggers another by name does not make its own type circular.
 */
export type RegisteredTasks = Register extends { tasks: infer TTasks }
  ? TTasks
  : Record<string, AnyTaskDefinition>;

/**
 * `context` in `run`: the app's own context plus the management API; tasks triggered here get
 * `parentId` set. `context.tasks.trigger(childDefinition, input)` is typed from the definition.
 */
export type RunContext = RegisteredContext & { tasks: TaskManager<RegisteredTasks> };

export interface BackoffPolicy {
  /** Delay before the second attempt. Default 1,000 ms. */
  initialMs?: number;
  /** Each later delay is the previous times this. Default 2. */
  factor?: number;
  /** Upper bound for one delay. Default 5 minutes. */
  maxMs?: number;
  /** Spread delays randomly over [delay/2, delay] so failed tasks don't retry in lockstep. Default true. */
  jitter?: boolean;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
}

export interface RunArgs<TInput, TController> {
  /** The validated input (the schema's output type). */
  input: TInput;
  task: TaskRunInfo;
  controller: TController;
  context: RunContext;
  /** Fires on abort, timeout, lost lease and shutdown; pass it to anything that can be cancelled. */
  signal: AbortSignal;
  /** A pino logger bound to this task; its lines are kept with the task (`tasks.logs(id)`). */
  logger: Logger;
}

export interface RunSummary {
  type: "success" | "error" | "abort" | "continue";
  /** Set for `error`: whether another attempt is scheduled. */
  willRetry?: boolean;
}

/** Hooks that apply to one task; the same names on `createErrand({ hooks })` apply to all. */
export interface TaskHooks<TInput = unknown, TOutput = unknown> {
  onBeforeRun?(event: { task: TaskRunInfo; input: TInput }): void | Promise<void>;
  onAfterRun?(event: { task: TaskRunInfo; outcome: RunSummary }): void | Promise<void>;
  onSuccess?(event: { task: TaskRunInfo; output: TOutput }): void | Promise<void>;
  onError?(event: { task: TaskRunInfo; error: TaskError; willRetry: boolean }): void | Promise<void>;
  onAbort?(event: { task: TaskRunInfo; reason: string }): void | Promise<void>;
}

/**
 * What `defineTask` takes as `input` and `output`: a zod schema, checked by the one member its types
 * are read from (`z.input`/`z.output` read `_zod`). Why not `z.ZodType`: checking a schema against
 * it compares zod's whole class structurally: about 520 instantiations per task and 70,000 once (a
 * 500-task app went from 741k to 405k); `defineTask` still checks at run time that each is a zod schema.
 */
export interface ZodSchemaLike {
  _zod: { input: unknown; output: unknown };
}

/** The controller `run` gets: `success` takes the output schema's input side, or anything when none. */
export type ControllerFor<TInputSchema extends ZodSchemaLike, TOutputSchema> = [TOutputSchema] extends [
  undefined,
]
  ? InferringSchemaTaskController<TInputSchema>
  : SchemaTaskController<TInputSchema, TOutputSchema>;

/**
 * What `run` is given, named by its schemas. Once `run` is typed, `defineTask`'s inference still
 * reads its parameter type back against this one: written out as `RunArgs<z.output<...>,
 * ControllerFor<...>>`, that walked into both branches of `ControllerFor` and every member of the
 * controller, for nothing (the schemas are inferred by then); two references to one interface are
 * compared by their type arguments instead (a 500-task app: 372k instantiations before, 338k after).
 */
export interface RunArgsFor<TInputSchema extends ZodSchemaLike, TOutputSchema>
  extends RunArgs<z.output<TInputSchema>, ControllerFor<TInputSchema, TOutputSchema>> {}

/** The output of every `controller.success(...)` a run returns: their union. */
export type outputOfOutcome<TOutcome> = TOutcome extends SuccessOutcome<infer TOutput> ? TOutput : never;

/**
 * What is stored on success. With an `output` schema: its parsed output side (transforms, defaults
 * and stripped keys included), whatever side `controller.success` was given. Without: the union of
 * what `run` passes to `controller.success`.
 */
export type StoredOutput<TOutputSchema, TOutcome> = [TOutputSchema] extends [undefined]
  ? outputOfOutcome<TOutcome>
  : z.output<TOutputSchema>;

/** What `defineTask` takes. */
export interface TaskConfig<
  TName extends string,
  TInputSchema extends ZodSchemaLike,
  TOutputSchema extends ZodSchemaLike | undefined,
  TOutcome extends TaskOutcome<any>,
> extends TaskHooks<z.output<TInputSchema>, StoredOutput<TOutputSchema, TOutcome>> {
  /** Unique in the app; matches /^[A-Za-z][\w.-]*$/. */
  name: TName;
  description?: string;
  input: TInputSchema;
  /** Optional: `controller.success` takes its input side; its parsed output is what is stored. */
  output?: TOutputSchema;
  retry?: RetryPolicy;
  /** An attempt running longer fails with a TIMEOUT error (and is retried if attempts remain). */
  timeoutMs?: number;
  /**
   * Trigger this task on a cron, once per tick across all runners; checked at `createErrand`.
   * @example schedule: { cron: "0 3 * * *", timezone: "Europe/Berlin", input: { full: true } }
   */
  schedule?: ScheduleConfig<z.input<TInputSchema>> | readonly ScheduleConfig<z.input<TInputSchema>>[];
  /** At most `limit` running at once across all runners, per `key(input)` when given. */
  concurrency?: ConcurrencyLimit<z.output<TInputSchema>>;
  /** At most `limit` attempt starts per `periodMs` across all runners, per `key(input)` when given. */
  rateLimit?: RateLimit<z.output<TInputSchema>>;
  /** Must return a controller outcome: `return controller.success(output)`, `.error(...)`, ... */
  run(args: RunArgsFor<TInputSchema, TOutputSchema>): Promise<TOutcome> | TOutcome;
}

/**
 * Phantom types, read by the `infer*` helpers; never set at run time. Named by the input schema,
 * not by its `z.input`/`z.output`: a member is computed when a helper reads it, so a task no call
 * uses costs none of them (type arguments would be computed with the definition).
 */
export interface TaskTypes<TInputSchema, TOutput> {
  input: z.input<TInputSchema>;
  parsedInput: z.output<TInputSchema>;
  output: TOutput;
}

/** A task as `defineTask` returns it: what the registry, runner, router and client are typed from. */
export interface TaskDefinition<
  TName extends string = string,
  TInputSchema extends ZodSchemaLike = z.ZodType,
  TOutput = unknown,
> extends TaskHooks<any, any> {
  readonly name: TName;
  readonly description: string | undefined;
  readonly input: TInputSchema;
  readonly output: z.ZodType | undefined;
  readonly retry: RetryPolicy | undefined;
  readonly timeoutMs: number | undefined;
  /** As declared; `createErrand` checks them. */
  readonly schedules?: readonly ScheduleConfig[];
  readonly concurrency?: ConcurrencyLimit<any> | undefined;
  readonly rateLimit?: RateLimit<any> | undefined;
  run(args: RunArgs<any, any>): Promise<TaskOutcome<any>> | TaskOutcome<any>;
  readonly "~types"?: TaskTypes<TInputSchema, TOutput>;
}

export type AnyTaskDefinition = TaskDefinition<string, z.ZodType, any>;

/**
 * What a typed trigger needs of a definition: its name and phantom types. Checking a definition
 * against this costs nothing like a structural check of its zod schemas.
 */
export interface TaskDefinitionLike {
  readonly name: string;
  readonly "~types"?: TaskTypes<any, unknown>;
  run(args: RunArgs<any, any>): unknown;
}
