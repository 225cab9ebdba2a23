import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Store } from "@errand/core";
import { postgresStore } from "@errand/postgres";
import { sqliteStore } from "@errand/sqlite";

/**
 * The store errand.config.ts describes for the `errand` command: SQLite in this app's `.errand/`
 * folder (ERRAND_DIR moves it, e.g. to a temp folder in tests), or Postgres when
 * ERRAND_DATABASE_URL is set.
 */
export function openStore(env: NodeJS.ProcessEnv = process.env): Store {
  const url = env.ERRAND_DATABASE_URL;
  if (url) return postgresStore({ connectionString: url });
  const dir = env.ERRAND_DIR || fileURLToPath(new URL("../.errand", import.meta.url));
  return sqliteStore({ path: join(dir, "errand.db") });
}
