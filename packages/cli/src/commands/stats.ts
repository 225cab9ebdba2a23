import type { Command } from "commander";
import type { ConnectionFlags } from "../connect/openConnection.js";
import { toJson } from "../output/json.js";
import { statsTable } from "../output/table.js";
import { withConnectionFlags } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

export function registerStats(program: Command, state: ExitState): void {
  const command = program.command("stats").description("count tasks by name and status");
  withConnectionFlags(command).action(action(state, runStats));
}

async function runStats(
  _args: string[],
  flags: ConnectionFlags & { json?: boolean },
  context: CommandContext,
) {
  const stats = await withConnection(context, flags, (connection) => connection.stats());
  console.log(flags.json ? toJson(stats) : statsTable(stats));
  return 0;
}
