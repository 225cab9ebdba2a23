import type { TaskRecord } from "@errand/core";
import type { Command } from "commander";
import type { ConnectionFlags } from "../connect/openConnection.js";
import { toJson } from "../output/json.js";
import { taskDetailsTable } from "../output/table.js";
import { formatTime } from "../output/taskLine.js";
import { withConnectionFlags } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

export function registerGet(program: Command, state: ExitState): void {
  const command = program
    .command("get")
    .description("show one task: status, progress, input, output, error")
    .argument("<id>", "the task's id");
  withConnectionFlags(command).action(action(state, runGet));
}

async function runGet([id]: string[], flags: ConnectionFlags & { json?: boolean }, context: CommandContext) {
  const record = await withConnection(context, flags, (connection) => connection.get(id!));
  console.log(flags.json ? toJson(record) : [taskDetailsTable(record), ...attemptLines(record)].join("\n"));
  return 0;
}

/** One line per ended attempt, oldest first: when, how it ended, and its error. */
function attemptLines(record: TaskRecord): string[] {
  return (record.attempts ?? []).map((attempt) => {
    const error = attempt.error ? `  ${attempt.error.code}: ${attempt.error.message}` : "";
    const ms = attempt.finishedAt.getTime() - attempt.startedAt.getTime();
    return `attempt ${attempt.attempt}  ${attempt.end}  ${formatTime(attempt.startedAt)} (${ms} ms)${error}`;
  });
}
