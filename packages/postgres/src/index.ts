// The public API of @errand/postgres. Everything not listed here is internal.

export type { PostgresStoreOptions, RetentionOptions, StoreLogger } from "./options.js";
export { type PostgresStore, postgresStore } from "./postgresStore.js";
export type { RetentionResult } from "./retention.js";
export type { VacuumPolicy } from "./vacuum.js";
