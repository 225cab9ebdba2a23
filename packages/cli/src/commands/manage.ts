import type { TaskRecord } from "@errand/core";
import type { Command } from "commander";
import type { TasksConnection } from "../connect/connection.js";
import type { ConnectionFlags } from "../connect/openConnection.js";
import { toJson } from "../output/json.js";
import { taskLine } from "../output/taskLine.js";
import { withConnectionFlags } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

type ManageFlags = ConnectionFlags & { json?: boolean; reason?: string };

/** `abort` and `retry`: the state changes; core decides which statuses allow them. */
export function registerManage(program: Command, state: ExitState): void {
  const abort = program
    .command("abort")
    .description("abort a task: pending ends at once, running gets its signal and ends aborted")
    .argument("<id>", "the task's id")
    .option("--reason <text>", "stored as the task's error message");
  withConnectionFlags(abort).action(
    action(
      state,
      change((connection, id, flags) => connection.abort(id, flags.reason)),
    ),
  );

  const retry = program
    .command("retry")
    .description("run a failed or aborted task again, with a fresh set of attempts")
    .argument("<id>", "the task's id");
  withConnectionFlags(retry).action(
    action(
      state,
      change((connection, id) => connection.retry(id)),
    ),
  );
}

function change(apply: (connection: TasksConnection, id: string, flags: ManageFlags) => Promise<TaskRecord>) {
  return async ([id]: string[], flags: ManageFlags, context: CommandContext): Promise<number> => {
    const record = await withConnection(context, flags, (connection) => apply(connection, id!, flags));
    console.log(flags.json ? toJson(record) : taskLine(record));
    return 0;
  };
}
