import type { Command } from "commander";
import { ExitCode } from "../cliError.js";
import type { ConnectionFlags } from "../connect/openConnection.js";
import { toJson } from "../output/json.js";
import { withConnectionFlags } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

export function registerDelete(program: Command, state: ExitState): void {
  const command = program
    .command("delete")
    .description("delete a task that is not running (abort a running one first), with its log lines")
    .argument("<id>", "the task's id");
  withConnectionFlags(command).action(action(state, runDelete));
}

async function runDelete(
  [id]: string[],
  flags: ConnectionFlags & { json?: boolean },
  context: CommandContext,
) {
  const deleted = await withConnection(context, flags, (connection) => connection.delete(id!));
  console.log(flags.json ? toJson(deleted) : `deleted ${deleted.id}`);
  return ExitCode.ok;
}
