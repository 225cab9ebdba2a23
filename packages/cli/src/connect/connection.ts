import type {
  ListTasksQuery,
  ScheduleInfo,
  TaskLogLine,
  TaskPage,
  TaskRecord,
  TaskStats,
  TriggerOptions,
  UpdateTaskPatch,
} from "@errand/core";

export interface TriggerCall {
  name: string;
  input: unknown;
  options?: TriggerOptions;
}

/**
 * What the management commands need, over a running server or straight on a store. Both sides
 * apply core's rules, so a command behaves the same either way; failures are thrown as CliErrors
 * carrying core's (or the server's) message.
 */
export interface TasksConnection {
  /** "the server at http://..." or "SQLite .errand/errand.db", for messages. */
  readonly description: string;
  /** ISO strings in `input` become Dates where the task's schema wants a date. */
  trigger(call: TriggerCall): Promise<TaskRecord>;
  get(id: string): Promise<TaskRecord>;
  list(query: ListTasksQuery): Promise<TaskPage<TaskRecord>>;
  abort(id: string, reason?: string): Promise<TaskRecord>;
  retry(id: string): Promise<TaskRecord>;
  /** ISO strings in `patch.input` become Dates where the task's schema wants a date (as for trigger). */
  update(id: string, patch: UpdateTaskPatch): Promise<TaskRecord>;
  delete(id: string): Promise<{ id: string }>;
  logs(id: string, limit?: number): Promise<TaskLogLine[]>;
  stats(): Promise<TaskStats>;
  /** The app's declared schedules with their next tick (the registry's, as the server or config knows it). */
  schedules(): Promise<ScheduleInfo[]>;
  /** No runner claims tasks of this name until `resume`. */
  pause(name: string): Promise<{ name: string; paused: boolean }>;
  resume(name: string): Promise<{ name: string; paused: boolean }>;
  /**
   * Calls `onChange` with the task's state whenever its status, progress or message changes, and
   * resolves with the finished record; resolves null if `signal` aborts first.
   */
  follow(id: string, onChange: (record: TaskRecord) => void, signal: AbortSignal): Promise<TaskRecord | null>;
  close(): Promise<void>;
}

export const FINISHED: ReadonlySet<TaskRecord["status"]> = new Set(["success", "failed", "aborted"]);

/** Two states with the same key look the same to someone following the task. */
export function changeKey(record: TaskRecord): string {
  return `${record.status}|${record.progress}|${record.statusMessage}|${record.attempt}`;
}
