// The public API of @errand/server. Everything not listed here is internal.

export type { Authorize, AuthorizeRequest, TasksAction } from "./access/authorize.js";
export type { TaskDescription } from "./definitions/describeTasks.js";
export {
  formatTasksError,
  type TasksErrorData,
  type TasksErrorIssue,
  type TasksErrorShape,
} from "./errors/formatTasksError.js";
export { toTRPCError } from "./errors/toTRPCError.js";
export {
  createTasksServer,
  type TasksServer,
  type TasksServerOptions,
  type TasksServerRouter,
} from "./http/createTasksServer.js";
export { acceptIsoDates } from "./inputs/acceptIsoDates.js";
export { patchWithIsoDates, withIsoDates } from "./inputs/withIsoDates.js";
export {
  type AppTRPC,
  createTasksRouter,
  type TasksRouter,
  type TasksRouterOptions,
  type TasksRouterRecord,
} from "./router/createTasksRouter.js";
export type { TasksListQuery, WatchInput } from "./router/inputs.js";
export type { TaskWatchEvent } from "./watch/watchEvent.js";
