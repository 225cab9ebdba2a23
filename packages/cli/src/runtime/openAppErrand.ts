import type { Errand, TaskRegistry } from "@errand/core";
import { CliError } from "../cliError.js";
import type { CommandContext } from "../commands/kit.js";
import { describeStore, resolveStore } from "../config/resolveStore.js";
import { openErrand } from "../connect/openErrand.js";
import { createLogger } from "../output/logger.js";

export interface AppErrand {
  errand: Errand<TaskRegistry>;
  /** e.g. "SQLite .errand/errand.db", for the startup line. */
  store: string;
  taskNames: string[];
}

/**
 * The app's errand for the long-running commands (`runner`, `serve`): its tasks, its store, and
 * the store opened (migrated) before anything starts, so a wrong URL fails at once with one line
 * instead of later inside a runner loop.
 */
export async function openAppErrand(
  context: CommandContext,
  options: { db?: string | true | undefined; logLevel: string; runsTasks: boolean },
): Promise<AppErrand> {
  const config = await context.config();
  const target = resolveStore(config, {
    db: options.db === true ? undefined : options.db,
    cwd: context.cwd,
    env: context.env,
  });
  const store = describeStore(target, context.cwd);
  const errand = await openErrand({
    config,
    target,
    cwd: context.cwd,
    logger: createLogger(options.logLevel),
    withTasks: true,
    withContext: options.runsTasks,
  });
  try {
    await errand.ready();
  } catch (error) {
    await errand.close().catch(() => {});
    throw new CliError(`cannot open ${store}: ${(error as Error).message}`, 1, { cause: error });
  }
  return { errand, store, taskNames: [...errand.definitions.keys()] };
}
