import type { ErrandOptions, Store, TaskRegistry } from "@errand/core";

/** Where tasks are stored: a SQLite file, a Postgres URL, or your own store. */
export type StoreConfig =
  /** A SQLite file, relative to the config file's folder. */
  | { sqlite: string }
  /** A `postgres://` connection string. */
  | { postgres: string }
  /** Any Store, e.g. `() => postgresStore({ pool, schema: "jobs" })`; called once per command that needs it. */
  | (() => Store | Promise<Store>);

/** What `run` receives as `context` (typed by your `Register` declaration in @errand/core). */
export type TaskContext = NonNullable<ErrandOptions<TaskRegistry>["context"]>;

/** The `errand.config.ts` of an app. Every field is optional; the defaults suit a new app. */
export interface ErrandConfig {
  /** The source folder `errand codegen` scans for exported defineTask calls. Default "src". */
  root?: string;
  /** The generated registry the CLI imports the tasks from. Default "<root>/errand.gen.ts". */
  generated?: string;
  /**
   * Default `{ sqlite: ".errand/errand.db" }`. The environment variable ERRAND_DATABASE_URL (a
   * `postgres://` URL) overrides it, and `--db` overrides both.
   */
  store?: StoreConfig;
  /** Port of `errand serve` and `errand dev`, and where the other commands find the server. Default 3030. */
  port?: number;
  /** Interface the server listens on. Default "127.0.0.1" (this machine only). */
  host?: string;
  /**
   * Builds the `context` tasks get in `run` (database clients, API keys). Called once, only by
   * the commands that run tasks (`runner`, `serve --runner`, `dev`).
   */
  context?: () => TaskContext | Promise<TaskContext>;
}

/**
 * Types an `errand.config.ts`; returns its argument unchanged. Relative paths are resolved from
 * the config file's folder.
 *
 * @example
 * // errand.config.ts
 * import { defineConfig } from "@errand/cli";
 * export default defineConfig({ store: { postgres: "postgres://localhost/app" }, port: 4000 });
 */
export function defineConfig(config: ErrandConfig): ErrandConfig {
  return config;
}
