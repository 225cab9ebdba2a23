import type { Errand, ErrandHooks, TaskRegistry } from "@errand/core";
import type { Logger } from "pino";
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

/** The app's errand for the long-running commands (`runner`, `serve`): its tasks and its store, open. */
export async function openAppErrand(
  context: CommandContext,
  options: {
    db?: string | true | undefined;
    create?: boolean | undefined;
    logLevel: string;
    runsTasks: boolean;
    hooks?: (logger: Logger) => ErrandHooks;
  },
): Promise<AppErrand> {
  const config = await context.config();
  const target = resolveStore(config, {
    db: options.db === true ? undefined : options.db,
    cwd: context.cwd,
    env: context.env,
  });
  const logger = createLogger(options.logLevel);
  const errand = await openErrand({
    config,
    target,
    cwd: context.cwd,
    logger,
    withTasks: true,
    withContext: options.runsTasks,
    access: "write",
    createFolders: options.create === true,
    ...(options.hooks ? { hooks: options.hooks(logger) } : {}),
  });
  return { errand, store: describeStore(target, context.cwd), taskNames: [...errand.definitions.keys()] };
}
