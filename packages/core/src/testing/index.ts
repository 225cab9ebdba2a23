export type { StoreConformanceOptions, StoreUnderTest } from "./conformance/fixtures.js";
export { defineStoreConformance } from "./conformance/storeConformance.js";
export { defineRunnerKillFaultTest, type RunnerKillFaultOptions } from "./faults/killRunners.js";
export { type RunOnceResult, runTaskOnce } from "./runTaskOnce.js";
