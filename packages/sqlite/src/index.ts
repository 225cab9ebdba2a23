export { type SqliteStore, type SqliteStoreOptions, type StoreLogger, sqliteStore } from "./sqliteStore.js";
