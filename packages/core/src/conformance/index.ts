// @errand/core/conformance: the suite every Store passes. It declares vitest tests, so it is its own
// entry with vitest as an optional peer: apps and runTaskOnce (in @errand/core/testing) never need it.

export { defineRunnerKillFaultTest, type RunnerKillFaultOptions } from "./faults/killRunners.js";
export { defineRunnerLimitsTest } from "./faults/limitsRunners.js";
export { until } from "./faults/processes.js";
export { defineScheduleProcessTests, type ScheduleProcessTestOptions } from "./faults/scheduleRunners.js";
export { type StoreConformanceOptions, type StoreUnderTest, taskRow } from "./fixtures.js";
export { defineStoreConformance } from "./storeConformance.js";
