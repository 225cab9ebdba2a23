import { createErrand, memoryStore } from "@errand/core";
import { tasks } from "./errand.gen.js";

/** The app as a user would wire it: the generated registry straight into createErrand. */
export function createApp() {
  return createErrand({ tasks, store: memoryStore() });
}
