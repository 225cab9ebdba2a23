import type { Command } from "commander";
import type { TasksConnection } from "../connect/connection.js";
import type { ConnectionFlags } from "../connect/openConnection.js";
import { toJson } from "../output/json.js";
import { withConnectionFlags } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

/** `pause NAME` and `resume NAME`: for every runner sharing the store; `stats` marks paused names. */
export function registerPause(program: Command, state: ExitState): void {
  const pause = program
    .command("pause")
    .description(
      "stop every runner from claiming tasks of this name (they stay pending) until `errand resume`",
    )
    .argument("<name>", "the task's name");
  withConnectionFlags(pause).action(
    action(
      state,
      toggle((connection, name) => connection.pause(name)),
    ),
  );

  const resume = program
    .command("resume")
    .description("let runners claim tasks of this name again")
    .argument("<name>", "the task's name");
  withConnectionFlags(resume).action(
    action(
      state,
      toggle((connection, name) => connection.resume(name)),
    ),
  );
}

function toggle(
  apply: (connection: TasksConnection, name: string) => Promise<{ name: string; paused: boolean }>,
) {
  return async ([name]: string[], flags: ConnectionFlags & { json?: boolean }, context: CommandContext) => {
    // The name is checked against the app's registry, as the server checks it.
    const result = await withConnection(context, flags, (connection) => apply(connection, name!), {
      withTasks: true,
    });
    console.log(flags.json ? toJson(result) : `${result.name}: ${result.paused ? "paused" : "resumed"}`);
    return 0;
  };
}
