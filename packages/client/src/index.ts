// The public API of @errand/client. Everything not listed here is internal.

// Re-exported so apps catch refusals without depending on @trpc/client themselves.
export { TRPCClientError } from "@trpc/client";
export { createTasksClient, type TasksClient, type TasksClientOptions } from "./createTasksClient.js";
export type { TaskHandle } from "./taskHandle.js";
export type {
  AnyTasksAppRouter,
  inferInputByName,
  inferRecordByName,
  inferRouterRegistry,
  inferRouterTaskNames,
  inferRouterTaskRecord,
  inferTriggerOptions,
  inferTriggerRequest,
  TaskFailure,
  TaskFailureReason,
  TaskProgress,
  TaskResult,
  TaskSuccess,
  WaitOptions,
} from "./types.js";
