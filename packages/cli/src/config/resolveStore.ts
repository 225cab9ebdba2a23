import path from "node:path";
import type { Store } from "@errand/core";
import { CliError, ExitCode } from "../cliError.js";
import type { ResolvedConfig } from "./loadConfig.js";

/** The store a command opens, once the flag, the environment and the config have been weighed. */
export type StoreTarget =
  | {
      kind: "sqlite";
      path: string;
      /** What was typed after `--db`, for messages; absent for the configured store. */
      flag?: string;
    }
  | { kind: "postgres"; url: string }
  | { kind: "custom"; create: () => Store | Promise<Store> };

export const DATABASE_URL_ENV = "ERRAND_DATABASE_URL";

const POSTGRES_URL = /^postgres(ql)?:\/\//;
/** Anything that looks like a URL: `--db mysql://...` must not become a folder named `mysql:`. */
const ANY_URL = /^([A-Za-z][A-Za-z0-9+.-]*:)\/\//;

/**
 * `--db` wins, then ERRAND_DATABASE_URL, then the config's `store`. A `--db` path is relative to
 * the working directory (it was typed there); the config's is relative to the config file.
 */
export function resolveStore(
  config: Pick<ResolvedConfig, "store" | "appDir">,
  options: { db?: string | undefined; cwd: string; env: NodeJS.ProcessEnv },
): StoreTarget {
  if (options.db !== undefined) {
    if (POSTGRES_URL.test(options.db)) return { kind: "postgres", url: options.db };
    const scheme = ANY_URL.exec(options.db)?.[1];
    if (scheme) {
      // Only the scheme is shown: the rest of a URL may hold a password.
      throw new CliError(
        `--db: unsupported store "${scheme}//..."; --db takes a SQLite file path or a postgres:// (or postgresql://) URL`,
        ExitCode.usage,
      );
    }
    return { kind: "sqlite", path: path.resolve(options.cwd, options.db), flag: options.db };
  }
  const fromEnv = options.env[DATABASE_URL_ENV];
  if (fromEnv) {
    if (!POSTGRES_URL.test(fromEnv)) {
      throw new CliError(
        `${DATABASE_URL_ENV} must be a postgres:// URL (got "${fromEnv.slice(0, 40)}"); unset it to use the configured store`,
      );
    }
    return { kind: "postgres", url: fromEnv };
  }
  const { store } = config;
  if (typeof store === "function") return { kind: "custom", create: store };
  if ("postgres" in store) return { kind: "postgres", url: store.postgres };
  return { kind: "sqlite", path: path.resolve(config.appDir, store.sqlite) };
}

/** For messages: never prints a password. */
export function describeStore(target: StoreTarget, cwd: string): string {
  switch (target.kind) {
    case "sqlite":
      return `SQLite ${path.relative(cwd, target.path) || target.path}`;
    case "postgres": {
      try {
        const url = new URL(target.url);
        return `Postgres ${url.host}${url.pathname}`;
      } catch {
        return "Postgres (unparsable URL)";
      }
    }
    case "custom":
      return "the store from errand.config.ts";
  }
}
