import { fileURLToPath } from "node:url";
import type { Store } from "@errand/core";
import { postgresStore } from "@errand/postgres";
import { sqliteStore } from "@errand/sqlite";

/**
 * The store errand.config.ts describes for the `errand` command: SQLite in this app's `.errand/`
 * folder, or Postgres when ERRAND_DATABASE_URL is set.
 */
export function openStore(env: NodeJS.ProcessEnv = process.env): Store {
  const url = env.ERRAND_DATABASE_URL;
  if (url) return postgresStore({ connectionString: url });
  return sqliteStore({ path: fileURLToPath(new URL("../.errand/errand.db", import.meta.url)) });
}
