import type { TaskError } from "../errors/taskError.js";
import type { Result } from "../result.js";
import type { StoreScope } from "../store/store.js";
import type { TaskStatus } from "../task/record.js";
import type {
  AnyTriggerRequest,
  inferTaskNames,
  RegistryTaskRecord,
  TaskRecordByName,
  TaskRegistry,
  TriggerRequest,
} from "./registry.js";

export interface ListTasksQuery {
  name?: string;
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
}

/** Triggering and management, in process. The same rules hold over tRPC and in the CLI. */
export interface TaskManager<TRegistry extends TaskRegistry> {
  trigger<TName extends inferTaskNames<TRegistry>>(
    request: TriggerRequest<TRegistry, TName>,
    scope?: StoreScope,
  ): Promise<Result<TaskRecordByName<TRegistry, TName>, TaskError>>;
  /** All or nothing, in one store round trip. */
  triggerMany(
    requests: readonly AnyTriggerRequest<TRegistry>[],
    scope?: StoreScope,
  ): Promise<Result<RegistryTaskRecord<TRegistry>[], TaskError>>;
  get(id: string): Promise<Result<RegistryTaskRecord<TRegistry>, TaskError>>;
  list(query?: ListTasksQuery): Promise<Result<TaskPage<RegistryTaskRecord<TRegistry>>, TaskError>>;
  /** Only while pending; a new input is validated against the task's schema. */
  update(id: string, patch: UpdateTaskPatch): Promise<Result<RegistryTaskRecord<TRegistry>, TaskError>>;
  /** Not while running. */
  delete(id: string): Promise<Result<{ id: string }, TaskError>>;
  /** Pending: aborted at once. Running: its signal fires and it ends aborted. */
  abort(id: string, reason?: string): Promise<Result<RegistryTaskRecord<TRegistry>, TaskError>>;
  /** Failed or aborted: back to pending, with a fresh set of attempts. */
  retry(id: string): Promise<Result<RegistryTaskRecord<TRegistry>, TaskError>>;
  logs(id: string, options?: { limit?: number }): Promise<Result<TaskLogLine[], TaskError>>;
  stats(): Promise<Result<TaskStats, TaskError>>;
}
