import type { StoreAccess } from "../config/checkStorePath.js";
import type { TasksConnection } from "../connect/connection.js";
import { type ConnectionFlags, openConnection } from "../connect/openConnection.js";
import { createLogger } from "../output/logger.js";
import type { CommandContext } from "./kit.js";

/**
 * Opens the connection the flags ask for, runs `work`, and closes it. Only `trigger` and `schedules` need the
 * task registry on a direct connection (see `OpenErrandOptions.withTasks`): the read and manage
 * commands work without the app's source. A SQLite file is only read unless `access` is "write"
 * (see StoreAccess).
 */
export async function withConnection<T>(
  context: CommandContext,
  flags: ConnectionFlags,
  work: (connection: TasksConnection) => Promise<T>,
  options: { withTasks?: boolean; access?: StoreAccess; createFolders?: boolean } = {},
): Promise<T> {
  const connection = await openConnection(await context.config(), flags, {
    cwd: context.cwd,
    env: context.env,
    logger: createLogger(context.verbose ? "debug" : "silent"),
    withTasks: options.withTasks === true,
    access: options.access ?? "read",
    createFolders: options.createFolders === true,
  });
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}
