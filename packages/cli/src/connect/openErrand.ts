import { createErrand, type Errand, type ErrandHooks, type TaskRegistry } from "@errand/core";
import type { Logger } from "pino";
import { CliError } from "../cliError.js";
import { checkStorePath, type StoreAccess } from "../config/checkStorePath.js";
import type { ResolvedConfig } from "../config/loadConfig.js";
import { describeStore, type StoreTarget } from "../config/resolveStore.js";
import { loadRegistry } from "./loadRegistry.js";
import { openFailure } from "./openFailure.js";
import { openStore } from "./openStore.js";

export interface OpenErrandOptions {
  config: ResolvedConfig;
  target: StoreTarget;
  cwd: string;
  logger: Logger;
  /**
   * Import the app's tasks from the generated registry: needed to validate a trigger and to run
   * tasks. Reading and managing stored tasks needs none, so those commands skip it and work even
   * where the app's source is not (any machine with the database URL).
   */
  withTasks: boolean;
  /** Build the config's `context`: only the commands that run tasks need it. */
  withContext: boolean;
  /** Whether a SQLite file (and, with `createFolders`, its folder) may be created; see StoreAccess. */
  access: StoreAccess;
  createFolders?: boolean;
  hooks?: ErrandHooks;
}

/**
 * An in-process errand on the app's store, as the app itself would create it, with the store
 * opened (migrated) before anything starts: a wrong path or URL, or a driver that cannot load,
 * fails here with one line instead of later inside a command or a runner loop.
 */
export async function openErrand(options: OpenErrandOptions): Promise<Errand<TaskRegistry>> {
  const { config, cwd, target } = options;
  checkStorePath(target, { access: options.access, createFolders: options.createFolders === true, cwd });
  const tasks = options.withTasks ? await loadRegistry(config.generated, cwd) : {};
  const context = options.withContext && config.context ? await buildContext(config.context) : undefined;
  const described = describeStore(target, cwd);
  const store = await openStore(target).catch((error) => {
    throw error instanceof CliError ? error : openFailure(error, described);
  });
  const errand = createErrand({
    tasks,
    store,
    logger: options.logger,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(context ? { context } : {}),
  });
  try {
    await errand.ready();
  } catch (error) {
    await errand.close().catch(() => {});
    throw openFailure(error, described);
  }
  return errand;
}

async function buildContext(create: NonNullable<ResolvedConfig["context"]>) {
  try {
    return await create();
  } catch (error) {
    throw new CliError(`the \`context\` function of errand.config.ts threw: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
}
