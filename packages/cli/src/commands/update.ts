import type { UpdateTaskPatch } from "@errand/core";
import { type Command, InvalidArgumentError } from "commander";
import { CliError, ExitCode } from "../cliError.js";
import type { ConnectionFlags } from "../connect/openConnection.js";
import { withDateHint } from "../output/dateHint.js";
import { toJson } from "../output/json.js";
import { parseJsonInput } from "../output/parseJsonInput.js";
import { taskDetailsTable } from "../output/table.js";
import { wholeNumber, withConnectionFlags } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";
import { withConnection } from "./withConnection.js";

interface UpdateFlags extends ConnectionFlags {
  input?: string;
  priority?: number;
  runAt?: Date;
  delay?: number;
  maxAttempts?: number;
  json?: boolean;
}

const CHANGES = "--input, --priority, --run-at, --delay or --max-attempts";

export function registerUpdate(program: Command, state: ExitState): void {
  const command = program
    .command("update")
    .description(
      "change a pending task: its input (checked against its schema), priority, run time, attempts",
    )
    .argument("<id>", "the task's id")
    .option("-i, --input <json>", "the new input as JSON (replaces the old one)")
    .option("--priority <n>", "higher runs first", wholeNumber(-1_000_000, 1_000_000))
    .option("--run-at <iso>", "run no earlier than this ISO 8601 time, e.g. 2026-12-01T09:00:00Z", isoDate)
    .option("--delay <ms>", "run no earlier than this many ms from now", wholeNumber(0))
    .option("--max-attempts <n>", "attempts in all", wholeNumber(1, 1_000));
  withConnectionFlags(command).action(action(state, runUpdate));
}

async function runUpdate([id]: string[], flags: UpdateFlags, context: CommandContext): Promise<number> {
  const patch = patchOf(flags);
  const record = await withDateHint(() =>
    withConnection(context, flags, (connection) => connection.update(id!, patch), {
      // A new input is checked against the task's schema, which lives in the app's registry.
      withTasks: patch.input !== undefined,
    }),
  );
  console.log(flags.json ? toJson(record) : taskDetailsTable(record));
  return ExitCode.ok;
}

/** Checked before connecting: a usage mistake never reaches a server or a store. */
function patchOf(flags: UpdateFlags): UpdateTaskPatch {
  if (flags.runAt !== undefined && flags.delay !== undefined) {
    throw new CliError("pass --run-at or --delay, not both", ExitCode.usage);
  }
  const runAt = flags.delay !== undefined ? new Date(Date.now() + flags.delay) : flags.runAt;
  const patch: UpdateTaskPatch = {
    ...(flags.input !== undefined ? { input: parseJsonInput(flags.input, "--input") } : {}),
    ...(flags.priority !== undefined ? { priority: flags.priority } : {}),
    ...(runAt !== undefined ? { runAt } : {}),
    ...(flags.maxAttempts !== undefined ? { maxAttempts: flags.maxAttempts } : {}),
  };
  if (Object.keys(patch).length === 0)
    throw new CliError(`nothing to update; pass ${CHANGES}`, ExitCode.usage);
  return patch;
}

function isoDate(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError("expected an ISO 8601 date, e.g. 2026-12-01T09:00:00Z.");
  }
  return date;
}
