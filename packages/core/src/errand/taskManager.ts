import type { TaskError } from "../errors/taskError.js";
import type { Result } from "../result.js";
import type { ScheduleInfo } from "../schedule/listSchedules.js";
import type { StoreScope } from "../store/store.js";
import type { TaskDefinitionLike } from "../task/definition.js";
import type { inferTaskInput, inferTaskRecord } from "../task/infer.js";
import type { TaskRecord, TaskStatus } from "../task/record.js";
import type {
  AnyTriggerRequest,
  inferTaskNames,
  TaskRecordByName,
  TaskRegistry,
  TriggerInput,
  TriggerOptions,
  TriggerRequest,
} from "./registry.js";

export interface ListTasksQuery<TName extends string = string> {
  /** Only tasks of this name; the items are then typed for it. */
  name?: TName;
  status?: TaskStatus;
  parentId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** 1 to 1,000. Default 50. */
  limit?: number;
  cursor?: string;
}

export interface TaskPage<TRecord> {
  items: TRecord[];
  /** Pass back as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

export interface UpdateTaskPatch {
  /** The task's name: checked against the stored task (a mismatch changes nothing). */
  name?: string;
  input?: unknown;
  priority?: number;
  runAt?: Date;
  maxAttempts?: number;
}

export interface TaskLogLine {
  attempt: number;
  at: Date;
  level: string;
  message: string;
  data: Record<string, unknown> | null;
}

export interface TaskStats {
  /** Counts per task name and status; every status is present, zero when none. */
  byName: Record<string, Record<TaskStatus, number>>;
  total: Record<TaskStatus, number>;
  /** Task names paused with `pause(name)`, sorted: no runner claims them until resumed. */
  paused: string[];
}

/** The sentence an untyped `input` change meets: the patch must say which task it is for. */
export type InputNeedsName =
  'errand: say which task this is to change its input: update(id, { name: "sendEmail", input })';

/** `update`'s patch: `input` is typed by the schema of the task `name` says (untyped registries: any). */
export type TypedUpdatePatch<TRegistry, TName extends inferTaskNames<TRegistry>> =
  string extends inferTaskNames<TRegistry>
    ? UpdateTaskPatch
    : Omit<UpdateTaskPatch, "name" | "input"> &
        ([TName] extends [never]
          ? { name?: undefined; input?: InputNeedsName }
          : { name: TName; input?: TriggerInput<TRegistry, TName> });

/** A record typed for `TName`, or any task's record when no name was given. */
type recordFor<TRegistry, TName extends inferTaskNames<TRegistry>> = [TName] extends [never]
  ? TaskRecord
  : TaskRecordByName<TRegistry, TName>;

/**
 * Triggering and management, in process. The same rules hold over tRPC and in the CLI.
 * Records of any task are plain `TaskRecord`s (narrow them on `status`); pass a `name` to `get`,
 * `list` or `update` for records typed by that task (the name is checked at run time).
 */
export interface TaskManager<TRegistry = TaskRegistry> {
  /**
   * Stores a task; returns its record, typed for its task.
   * @example
   * await errand.tasks.trigger({ name: "sendEmail", input: { to, subject } });
   * await context.tasks.trigger(sendEmail, { to, subject }, { delayMs: 1_000 });
   */
  trigger<TName extends keyof TRegistry & string, TRun = undefined>(
    // `run` is never given: it tells a definition (the overload below) from a request, so a mistake
    // in either form is reported against that form alone.
    request: TriggerRequest<TRegistry, TName> & { run?: TRun },
    ...scope: undefined extends TRun ? [scope?: StoreScope] : []
  ): Promise<Result<TaskRecordByName<TRegistry, TName>, TaskError>>;
  trigger<TDefinition extends TaskDefinitionLike>(
    definition: TDefinition,
    ...rest: [input: inferTaskInput<TDefinition>, options?: TriggerOptions, scope?: StoreScope]
  ): Promise<Result<inferTaskRecord<TDefinition>, TaskError>>;
  /** All or nothing, in one store round trip. */
  triggerMany(
    requests: readonly AnyTriggerRequest<TRegistry>[],
    scope?: StoreScope,
  ): Promise<Result<TaskRecord[], TaskError>>;
  /** With `{ name }`, a task of another name is a NOT_FOUND failure and the record is typed for it. */
  get<TName extends keyof TRegistry & string = never>(
    id: string,
    options?: { name: TName },
  ): Promise<Result<recordFor<TRegistry, TName>, TaskError>>;
  list<TName extends keyof TRegistry & string = never>(
    query?: ListTasksQuery<TName>,
  ): Promise<Result<TaskPage<recordFor<TRegistry, TName>>, TaskError>>;
  /** Only while pending; a new input is validated against the task's schema. */
  update<TName extends keyof TRegistry & string = never>(
    id: string,
    patch: TypedUpdatePatch<TRegistry, TName>,
  ): Promise<Result<recordFor<TRegistry, TName>, TaskError>>;
  /** Not while running. */
  delete(id: string): Promise<Result<{ id: string }, TaskError>>;
  /** Pending: aborted at once. Running: its signal fires and it ends aborted. */
  abort(id: string, reason?: string): Promise<Result<TaskRecord, TaskError>>;
  /** Failed or aborted: back to pending, with a fresh set of attempts. */
  retry(id: string): Promise<Result<TaskRecord, TaskError>>;
  logs(id: string, options?: { limit?: number }): Promise<Result<TaskLogLine[], TaskError>>;
  stats(): Promise<Result<TaskStats, TaskError>>;
  /** Every declared schedule with its next tick and the last one a runner handled. */
  schedules(): Promise<Result<ScheduleInfo[], TaskError>>;
  /**
   * No runner, in any process, claims a task of this name until `resume(name)`; its tasks stay
   * pending and running ones finish. Idempotent. Only registered names (`UNKNOWN_TASK` otherwise).
   */
  pause(name: keyof TRegistry & string): Promise<Result<{ name: string; paused: true }, TaskError>>;
  resume(name: keyof TRegistry & string): Promise<Result<{ name: string; paused: false }, TaskError>>;
}
