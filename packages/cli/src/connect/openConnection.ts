import type { Logger } from "pino";
import type { StoreAccess } from "../config/checkStorePath.js";
import type { ResolvedConfig } from "../config/loadConfig.js";
import { describeStore, resolveStore } from "../config/resolveStore.js";
import type { TasksConnection } from "./connection.js";
import { errandConnection } from "./errandConnection.js";
import { openClient } from "./openClient.js";
import { openErrand } from "./openErrand.js";

/** `--url` and `--db` as commander parses them: `--db` without a value is `true`. */
export interface ConnectionFlags {
  url?: string;
  db?: string | true;
}

/**
 * `--db` means the store itself (its value, or the configured store when given alone); otherwise
 * the server at `--url`, by default where the config says `errand serve` listens.
 */
export async function openConnection(
  config: ResolvedConfig,
  flags: ConnectionFlags,
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    logger: Logger;
    withTasks: boolean;
    access: StoreAccess;
    createFolders: boolean;
  },
): Promise<TasksConnection> {
  if (flags.db === undefined) return openClient(flags.url ?? serverUrl(config));
  const target = resolveStore(config, {
    db: flags.db === true ? undefined : flags.db,
    cwd: options.cwd,
    env: options.env,
  });
  const errand = await openErrand({
    config,
    target,
    cwd: options.cwd,
    logger: options.logger,
    withTasks: options.withTasks,
    withContext: false,
    access: options.access,
    createFolders: options.createFolders,
  });
  return errandConnection(errand, describeStore(target, options.cwd));
}

/** Where a server started with this config listens, as a client reaches it. */
export function serverUrl(config: Pick<ResolvedConfig, "host" | "port">): string {
  // A server on every interface is reached on loopback from the same machine.
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
}
