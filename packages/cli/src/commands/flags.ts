import { type Command, InvalidArgumentError } from "commander";

/** A commander parser for whole-number flags within bounds. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return parsed;
  };
}

/** `--url` and `--db` for the commands that manage tasks, and `--json` for their output. */
export function withConnectionFlags(command: Command): Command {
  return command
    .option("--url <url>", "the errand server to talk to (default: http://<host>:<port> from the config)")
    .option(
      "--db [store]",
      "use the store directly: a SQLite file or postgres:// URL (alone: the configured store)",
    )
    .option("--json", "print JSON instead of a table");
}

/** `--port` and `--host` of the commands that start a server (`serve`, `dev`). */
export function withListenFlags(command: Command): Command {
  return command
    .option(
      "--port <n>",
      "port to listen on; 0 picks a free one (default: from the config, 3030)",
      wholeNumber(0, 65_535),
    )
    .option("--host <host>", "interface to listen on (default: from the config, 127.0.0.1)");
}

/** `--db` of the commands that run on the app's store (`serve`, `runner`, `dev`). */
export function withStoreFlag(command: Command): Command {
  return withCreateFlag(
    command.option("--db [store]", "the store: a SQLite file or postgres:// URL (default: from the config)"),
  );
}

/** `--create` of the commands that may create a SQLite file (`trigger`, `serve`, `runner`, `dev`). */
export function withCreateFlag(command: Command): Command {
  return command.option("--create", "create the folder of a --db SQLite file if it does not exist");
}

/** The runner's flags (`runner`, and `serve --runner`). */
export function withRunnerFlags(command: Command): Command {
  return command
    .option("--concurrency <n>", "attempts run at once", wholeNumber(1, 10_000), 10)
    .option("--names <a,b>", "only run these tasks (comma-separated)", commaList)
    .option("--grace-ms <ms>", "on stop, how long running tasks may take to finish", wholeNumber(0), 10_000)
    .option("--log-level <level>", "pino level of the log on stderr", "info")
    .option("--quiet", "no log line per finished attempt");
}

/** A commander parser for `--names a,b`. */
export function commaList(value: string): string[] {
  return value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}
