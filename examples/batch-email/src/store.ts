import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Store } from "@errand/core";
import { postgresStore } from "@errand/postgres";
import { sqliteStore } from "@errand/sqlite";

export interface StoreSettings {
  /** A postgres:// URL; undefined means SQLite files under `dir`. */
  databaseUrl: string | undefined;
  /** The Postgres schema this example owns: errand's tables and its own live there. */
  schema: string;
  /** Where the SQLite files go. */
  dir: string;
}

/** SQLite under the example's `.errand/` by default; Postgres when ERRAND_DATABASE_URL is set. */
export function storeSettings(env: NodeJS.ProcessEnv = process.env): StoreSettings {
  const databaseUrl = env.ERRAND_DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(`ERRAND_DATABASE_URL must be a postgres:// URL, got ${JSON.stringify(databaseUrl)}`);
  }
  return {
    databaseUrl,
    schema: env.ERRAND_SCHEMA || "batch_email",
    dir: env.ERRAND_DIR || fileURLToPath(new URL("../.errand", import.meta.url)),
  };
}

export function openStore(settings: StoreSettings): Store {
  return settings.databaseUrl
    ? postgresStore({ connectionString: settings.databaseUrl, schema: settings.schema })
    : sqliteStore({ path: join(settings.dir, "errand.db") });
}
