import type { Command } from "commander";
import type { ConnectionFlags } from "../connect/openConnection.js";
import { toJson } from "../output/json.js";
import { schedulesTable } from "../output/table.js";
import { withConnectionFlags } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

export function registerSchedules(program: Command, state: ExitState): void {
  const command = program
    .command("schedules")
    .description("list the tasks' cron schedules with their next and last tick");
  withConnectionFlags(command).action(action(state, runSchedules));
}

async function runSchedules(
  _args: string[],
  flags: ConnectionFlags & { json?: boolean },
  context: CommandContext,
) {
  // Schedules are declared on the tasks: a direct connection needs the registry.
  const schedules = await withConnection(context, flags, (connection) => connection.schedules(), {
    withTasks: true,
  });
  console.log(flags.json ? toJson(schedules) : schedulesTable(schedules));
  return 0;
}
