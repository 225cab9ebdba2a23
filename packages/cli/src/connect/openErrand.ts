import { createErrand, type Errand, type TaskRegistry } from "@errand/core";
import type { Logger } from "pino";
import { CliError } from "../cliError.js";
import type { ResolvedConfig } from "../config/loadConfig.js";
import type { StoreTarget } from "../config/resolveStore.js";
import { loadRegistry } from "./loadRegistry.js";
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
}

/** An in-process errand on the app's store, as the app itself would create it. */
export async function openErrand(options: OpenErrandOptions): Promise<Errand<TaskRegistry>> {
  const { config, cwd } = options;
  const tasks = options.withTasks ? await loadRegistry(config.generated, cwd) : {};
  const context = options.withContext && config.context ? await buildContext(config.context) : undefined;
  const store = await openStore(options.target);
  return createErrand({ tasks, store, logger: options.logger, ...(context ? { context } : {}) });
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
