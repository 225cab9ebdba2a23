// @errand/core/testing: helpers for an app's own task tests. No test runner needed.

export { type RunOnceResult, runTaskOnce } from "./runTaskOnce.js";
