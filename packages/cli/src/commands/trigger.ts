import type { TriggerOptions } from "@errand/core";
import type { Command } from "commander";
import { withDateHint } from "../output/dateHint.js";
import { toJson } from "../output/json.js";
import { parseJsonInput } from "../output/parseJsonInput.js";
import { wholeNumber, withConnectionFlags, withCreateFlag } from "./flags.js";
import { followTask } from "./followTask.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

interface TriggerFlags {
  input: string;
  follow?: boolean;
  delay?: number;
  priority?: number;
  idempotencyKey?: string;
  maxAttempts?: number;
  url?: string;
  db?: string | true;
  create?: boolean;
  json?: boolean;
}

export function registerTrigger(program: Command, state: ExitState): void {
  const command = program
    .command("trigger")
    .description("validate an input against the task's schema and store the task")
    .argument("<name>", "the task's name, e.g. countTo")
    .option("-i, --input <json>", "the task's input as JSON", "{}")
    .option("-f, --follow", "show its progress until it ends; print its output; exit 1 if it fails")
    .option("--delay <ms>", "run no earlier than this many ms from now", wholeNumber(0))
    .option("--priority <n>", "higher runs first (default 0)", wholeNumber(-1_000_000, 1_000_000))
    .option("--idempotency-key <key>", "a second trigger with the same key returns the first task")
    .option("--max-attempts <n>", "override the task's retry.maxAttempts", wholeNumber(1, 1_000));
  withCreateFlag(withConnectionFlags(command)).action(action(state, runTrigger));
}

async function runTrigger([name]: string[], flags: TriggerFlags, context: CommandContext): Promise<number> {
  // Parsed before connecting: a malformed --input never reaches a server or a store.
  const input = parseJsonInput(flags.input, "--input");
  const options = triggerOptions(flags);
  return withConnection(
    context,
    flags,
    async (connection) => {
      const record = await withDateHint(() =>
        connection.trigger({ name: name!, input, ...(options ? { options } : {}) }),
      );
      if (flags.follow) return followTask(connection, record, { json: flags.json === true });
      console.log(flags.json ? toJson(record) : record.id);
      return 0;
    },
    { withTasks: true, access: "write", createFolders: flags.create === true },
  );
}

function triggerOptions(flags: TriggerFlags): TriggerOptions | undefined {
  const options: TriggerOptions = {
    ...(flags.delay !== undefined ? { delayMs: flags.delay } : {}),
    ...(flags.priority !== undefined ? { priority: flags.priority } : {}),
    ...(flags.idempotencyKey !== undefined ? { idempotencyKey: flags.idempotencyKey } : {}),
    ...(flags.maxAttempts !== undefined ? { maxAttempts: flags.maxAttempts } : {}),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}
