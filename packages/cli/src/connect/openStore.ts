import type { Store } from "@errand/core";
import { CliError } from "../cliError.js";
import type { StoreTarget } from "../config/resolveStore.js";

/**
 * Opens the store a command was pointed at. The drivers are imported here, on demand: a command
 * that talks to a server should not pay for loading better-sqlite3 and pg.
 */
export async function openStore(target: StoreTarget): Promise<Store> {
  switch (target.kind) {
    case "sqlite": {
      const { sqliteStore } = await import("@errand/sqlite");
      return sqliteStore({ path: target.path });
    }
    case "postgres": {
      const { postgresStore } = await import("@errand/postgres");
      return postgresStore({ connectionString: target.url });
    }
    case "custom": {
      const store = await target.create();
      if (!store || typeof (store as Partial<Store>).claim !== "function") {
        throw new CliError(
          "the `store` function in errand.config.ts must return a Store, e.g. sqliteStore({ path })",
        );
      }
      return store;
    }
  }
}
