import { existsSync } from "node:fs";
import path from "node:path";
import { CliError } from "../cliError.js";
import type { StoreTarget } from "./resolveStore.js";

/**
 * What a command may do to a SQLite file that is not there yet:
 * - "read": nothing; the read and manage commands need the file (an empty new store would answer
 *   "no tasks" for a mistyped path).
 * - "write": create the file (`trigger`, `runner`, `serve`, `dev`), but a `--db` folder must exist
 *   unless `createFolders` (`--create`): a typo must not start a runner on an empty store nobody
 *   triggers into. The configured store's folder (`.errand/` by default) is the app's own, so it is
 *   created as before.
 */
export type StoreAccess = "read" | "write";

/** Fails, before anything is created, when a SQLite target cannot be what the command needs. */
export function checkStorePath(
  target: StoreTarget,
  options: { access: StoreAccess; createFolders: boolean; cwd: string },
): void {
  if (target.kind !== "sqlite") return;
  const shown = target.flag ?? (path.relative(options.cwd, target.path) || target.path);
  if (options.access === "read") {
    if (existsSync(target.path)) return;
    const fix = target.flag
      ? "check --db"
      : "trigger a task or start `errand dev` or `errand runner` first, which create it";
    throw new CliError(`no SQLite store at ${shown} (no such file); ${fix}`);
  }
  const folder = path.dirname(target.path);
  if (target.flag === undefined || options.createFolders || existsSync(folder)) return;
  throw new CliError(
    `--db ${shown}: the folder ${folder} does not exist; check the path, or add --create to create it`,
  );
}
