// The public API of @errand/core. Everything not listed here is internal.

export { createErrand, type Errand, type ErrandOptions } from "./errand/createErrand.js";
export type { BeforeTriggerEvent, ErrandHooks } from "./errand/hooks.js";
export type {
  AnyTriggerRequest,
  inferTaskNames,
  NameIsAUnion,
  NoTriggerRequest,
  TaskDefinitionByName,
  TaskRecordByName,
  TaskRegistry,
  TriggerInput,
  TriggerOptions,
  TriggerRequest,
} from "./errand/registry.js";
export type {
  InputNeedsName,
  ListTasksQuery,
  TaskLogLine,
  TaskManager,
  TaskPage,
  TaskStats,
  TypedUpdatePatch,
  UpdateTaskPatch,
} from "./errand/taskManager.js";
export { TaskError, TaskErrorCode, toTaskError } from "./errors/taskError.js";
export type { TaskErrorData } from "./errors/taskErrorData.js";
export type { TaskChangeListener, TaskChanges } from "./feed/changeFeed.js";
export { mayConcern, type TaskChange } from "./feed/taskChange.js";
export { memoryStore } from "./memory/memoryStore.js";
export { Fail, Ok, Result } from "./result.js";
export { backoffDelay } from "./runner/backoff.js";
export { Runner, type RunnerOptions, type StopOptions } from "./runner/runner.js";
export { cronProblem } from "./schedule/cronProblem.js";
export type { ScheduleInfo } from "./schedule/listSchedules.js";
export {
  CATCH_UP_MODES,
  type CatchUp,
  MAX_CATCH_UP_TICKS,
  type ScheduleConfig,
} from "./schedule/scheduleConfig.js";
// What store authors need (rows, transitions) is in "@errand/core/store".
export type { Store, StoreScope } from "./store/store.js";
export type {
  ContinueOptions,
  ErrorOptions,
  InferringTaskController,
  StatusUpdate,
  TaskController,
} from "./task/controller.js";
export { defineTask } from "./task/defineTask.js";
export type {
  AnyTaskDefinition,
  BackoffPolicy,
  Register,
  RegisteredTasks,
  RetryPolicy,
  RunArgs,
  RunContext,
  RunSummary,
  StoredOutput,
  TaskConfig,
  TaskDefinition,
  TaskDefinitionLike,
  TaskHooks,
  ZodSchemaLike,
} from "./task/definition.js";
export type {
  inferTaskInput,
  inferTaskName,
  inferTaskOutput,
  inferTaskParsedInput,
  inferTaskRecord,
} from "./task/infer.js";
export { isValidTaskName, TASK_NAME_PATTERN } from "./task/naming.js";
export type { TaskOutcome } from "./task/outcome.js";
export {
  type ActiveTaskRecord,
  type FailedTaskRecord,
  type SuccessTaskRecord,
  TASK_STATUSES,
  type TaskAttempt,
  type TaskRecord,
  type TaskRecordBase,
  type TaskRunInfo,
  type TaskStatus,
} from "./task/record.js";
export { deserialize, serialize } from "./util/serialization.js";
