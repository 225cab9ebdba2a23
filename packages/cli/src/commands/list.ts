import { TASK_STATUSES, type TaskStatus } from "@errand/core";
import { type Command, InvalidArgumentError } from "commander";
import type { ConnectionFlags } from "../connect/openConnection.js";
import { toJson } from "../output/json.js";
import { taskListTable } from "../output/table.js";
import { wholeNumber, withConnectionFlags } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

interface ListFlags extends ConnectionFlags {
  status?: TaskStatus;
  name?: string;
  limit: number;
  cursor?: string;
  json?: boolean;
}

export function registerList(program: Command, state: ExitState): void {
  const command = program
    .command("list")
    .description("list tasks, newest first")
    .option("--status <status>", `only this status: ${TASK_STATUSES.join(", ")}`, taskStatus)
    .option("--name <name>", "only tasks of this name")
    .option("--limit <n>", "how many", wholeNumber(1, 1_000), 20)
    .option("--cursor <cursor>", "the next page, from a previous list");
  withConnectionFlags(command).action(action(state, runList));
}

async function runList(_args: string[], flags: ListFlags, context: CommandContext): Promise<number> {
  const page = await withConnection(context, flags, (connection) =>
    connection.list({
      limit: flags.limit,
      ...(flags.status ? { status: flags.status } : {}),
      ...(flags.name ? { name: flags.name } : {}),
      ...(flags.cursor ? { cursor: flags.cursor } : {}),
    }),
  );
  console.log(flags.json ? toJson(page) : taskListTable(page));
  return 0;
}

function taskStatus(value: string): TaskStatus {
  if (!(TASK_STATUSES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${TASK_STATUSES.join(", ")}.`);
  }
  return value as TaskStatus;
}
