import type {
  inferTaskNames,
  NoTriggerRequest,
  TaskErrorData,
  TaskRecord,
  TaskRecordByName,
  TaskRegistry,
  TaskStatus,
  TriggerInput,
  TriggerOptions,
} from "@errand/core";
import type {
  AnyTRPCMutationProcedure,
  AnyTRPCQueryProcedure,
  AnyTRPCRouter,
  AnyTRPCSubscriptionProcedure,
  inferRouterInputs,
  inferRouterOutputs,
} from "@trpc/server";

/**
 * A router with the tasks router under `tasks`: an app router that mounts it, or the standalone
 * server's `TasksServerRouter<typeof tasks>`. Every type below is read off its procedures, so the
 * client needs no import of the server's code, only its router type.
 */
export type AnyTasksAppRouter = AnyTRPCRouter & {
  tasks: {
    trigger: AnyTRPCMutationProcedure;
    get: AnyTRPCQueryProcedure;
    watch: AnyTRPCSubscriptionProcedure;
  };
};

/** `{ name, input, options? }` for any task of the router's registry. */
export type inferTriggerRequest<TRouter extends AnyTasksAppRouter> =
  inferRouterInputs<TRouter>["tasks"]["trigger"];

/**
 * The registry the router was built over, read off its trigger input (which carries it in
 * `NoTriggerRequest<TRegistry>`), so every lookup below is by key: its cost does not grow with
 * the registry.
 */
export type inferRouterRegistry<TRouter extends AnyTasksAppRouter> =
  inferTriggerRequest<TRouter> extends NoTriggerRequest<infer TRegistry> | { name: string }
    ? TRegistry
    : TaskRegistry;

/** A stored task of any name, as `get`, `list` and `watch` return it; narrow it on `status`. */
export type inferRouterTaskRecord<TRouter extends AnyTasksAppRouter> =
  inferRouterOutputs<TRouter>["tasks"]["get"];

export type inferRouterTaskNames<TRouter extends AnyTasksAppRouter> = inferTaskNames<
  inferRouterRegistry<TRouter>
>;

/** The stored task of one name, its input and output typed. */
export type inferRecordByName<
  TRouter extends AnyTasksAppRouter,
  TName extends inferRouterTaskNames<TRouter>,
> = TaskRecordByName<inferRouterRegistry<TRouter>, TName>;

export type inferInputByName<
  TRouter extends AnyTasksAppRouter,
  TName extends inferRouterTaskNames<TRouter>,
> = TriggerInput<inferRouterRegistry<TRouter>, TName>;

export type inferTriggerOptions<_TRouter extends AnyTasksAppRouter = AnyTasksAppRouter> = TriggerOptions;

/** Why waiting for a task did not end in its output. */
export type TaskFailureReason =
  /** The task failed (no attempts left, or `retry: false`); `error` is the task's own error. */
  | "failed"
  /** It was aborted. */
  | "aborted"
  /** `timeoutMs` passed first; the task itself may still finish later. */
  | "timeout"
  /** It was deleted while being watched, or no task has that id. */
  | "removed"
  /** The server could not be reached or refused the watch (`error.code` is the tRPC code). */
  | "error";

export interface TaskFailure<TRecord> {
  ok: false;
  reason: TaskFailureReason;
  error: TaskErrorData;
  /** The last state seen; null when none arrived. */
  record: TRecord | null;
}

/** A finished task: its typed output, or why there is none. */
export type TaskResult<TRecord extends TaskRecord> = TaskSuccess<TRecord> | TaskFailure<TRecord>;

export interface TaskSuccess<TRecord extends TaskRecord> {
  ok: true;
  name: TRecord["name"];
  output: Extract<TRecord, { status: "success" }>["output"];
  record: Extract<TRecord, { status: "success" }>;
}

export interface TaskProgress<TRecord> {
  status: TaskStatus;
  progress: number | null;
  message: string | null;
  record: TRecord;
}

export interface WaitOptions {
  /** Give up after this long with `reason: "timeout"`. Default: wait as long as it takes. */
  timeoutMs?: number;
  /** Give up when this aborts, also with `reason: "timeout"`. */
  signal?: AbortSignal;
}
