import type { Command } from "commander";
import { ExitCode } from "../cliError.js";
import type { ConnectionFlags } from "../connect/openConnection.js";
import { toJson } from "../output/json.js";
import { taskLogsTable } from "../output/table.js";
import { wholeNumber, withConnectionFlags } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

interface LogsFlags extends ConnectionFlags {
  limit?: number;
  json?: boolean;
}

export function registerLogs(program: Command, state: ExitState): void {
  const command = program
    .command("logs")
    .description("the lines a task logged through its `logger`, oldest first, every attempt")
    .argument("<id>", "the task's id")
    .option("--limit <n>", "at most this many lines", wholeNumber(1, 10_000));
  withConnectionFlags(command).action(action(state, runLogs));
}

async function runLogs([id]: string[], flags: LogsFlags, context: CommandContext): Promise<number> {
  const lines = await withConnection(context, flags, (connection) => connection.logs(id!, flags.limit));
  if (flags.json) console.log(toJson(lines));
  else console.log(lines.length === 0 ? `no log lines for task ${id}` : taskLogsTable(lines));
  return ExitCode.ok;
}
