import { existsSync } from "node:fs";
import path from "node:path";
import { CliError } from "../cliError.js";
import { importAppModule } from "../runtime/importAppModule.js";
import { type CodegenPaths, resolveCodegenPaths } from "./codegenPaths.js";
import { configSchema, describeConfigIssues } from "./configSchema.js";
import type { ErrandConfig, StoreConfig } from "./defineConfig.js";

export const CONFIG_FILE_NAMES = [
  "errand.config.ts",
  "errand.config.mts",
  "errand.config.js",
  "errand.config.mjs",
];

export const DEFAULT_PORT = 3030;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_SQLITE_PATH = ".errand/errand.db";

/** errand.config.ts with every default applied and every path absolute. */
export interface ResolvedConfig extends CodegenPaths {
  /** Relative paths in the config start here: the config file's folder, else the working directory. */
  appDir: string;
  /** The config file, or null when the app has none and only defaults apply. */
  file: string | null;
  store: StoreConfig;
  port: number;
  host: string;
  context: ErrandConfig["context"];
}

/**
 * Finds the app's config (`--config`, else errand.config.ts in `cwd`), imports it and checks it.
 * A TypeScript config is imported through tsx; a JavaScript one needs no loader.
 */
export async function loadConfig(options: {
  cwd: string;
  file?: string | undefined;
}): Promise<ResolvedConfig> {
  const file = findConfigFile(options.cwd, options.file);
  const appDir = file ? path.dirname(file) : options.cwd;
  const config = file ? await importConfig(file, options.cwd) : {};
  return {
    appDir,
    file,
    ...resolveCodegenPaths(appDir, config),
    store: config.store ?? { sqlite: DEFAULT_SQLITE_PATH },
    port: config.port ?? DEFAULT_PORT,
    host: config.host ?? DEFAULT_HOST,
    context: config.context,
  };
}

function findConfigFile(cwd: string, explicit: string | undefined): string | null {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new CliError(`--config ${explicit}: no such file; check the path`);
    return file;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (existsSync(file)) return file;
  }
  return null;
}

async function importConfig(file: string, cwd: string): Promise<ErrandConfig> {
  const shown = path.relative(cwd, file) || file;
  let loaded: { default?: unknown };
  try {
    loaded = await importAppModule(file);
  } catch (error) {
    throw new CliError(`cannot load ${shown}: ${(error as Error).message}`, 1, { cause: error });
  }
  if (loaded.default === undefined) {
    throw new CliError(
      `${shown} has no default export; end it with \`export default defineConfig({ ... })\``,
    );
  }
  const parsed = configSchema.safeParse(loaded.default);
  if (!parsed.success) {
    throw new CliError(
      `${shown}: ${describeConfigIssues(parsed.error)} (see "Configuration" in the @errand/cli README)`,
    );
  }
  return parsed.data as ErrandConfig;
}
