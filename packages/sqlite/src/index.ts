export type { RetentionOptions, RetentionResult } from "./retention.js";
export { type SqliteStore, type SqliteStoreOptions, type StoreLogger, sqliteStore } from "./sqliteStore.js";
