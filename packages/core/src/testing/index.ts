export type { StoreConformanceOptions, StoreUnderTest } from "./conformance/fixtures.js";
export { defineStoreConformance } from "./conformance/storeConformance.js";
export { type RunOnceResult, runTaskOnce } from "./runTaskOnce.js";
