// The public API of @errand/client. Everything not listed here is internal.

export { createTasksClient, type TasksClient, type TasksClientOptions } from "./createTasksClient.js";
export type { TaskHandle } from "./taskHandle.js";
export type {
  AnyTasksAppRouter,
  inferInputByName,
  inferRecordByName,
  inferRouterTaskNames,
  inferRouterTaskRecord,
  inferTriggerOptions,
  inferTriggerRequest,
  TaskFailure,
  TaskFailureReason,
  TaskProgress,
  TaskResult,
  WaitOptions,
} from "./types.js";
