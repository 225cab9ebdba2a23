// The public API of @errand/dashboard: the Node request handler that serves the built app.

export {
  createDashboardHandler,
  type DashboardHandler,
  type DashboardOptions,
} from "./createDashboardHandler.js";
