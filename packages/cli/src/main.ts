import { Command, CommanderError } from "commander";
import { CliError, ExitCode } from "./cliError.js";
import { registerCodegen } from "./commands/codegen.js";
import { registerDelete } from "./commands/deleteTask.js";
import { registerDev } from "./commands/dev.js";
import { registerGet } from "./commands/get.js";
import { registerInit } from "./commands/init.js";
import type { ExitState } from "./commands/kit.js";
import { registerList } from "./commands/list.js";
import { registerLogs } from "./commands/logs.js";
import { registerManage } from "./commands/manage.js";
import { registerPause } from "./commands/pause.js";
import { registerRunner } from "./commands/runner.js";
import { registerSchedules } from "./commands/schedules.js";
import { registerServe } from "./commands/serve.js";
import { registerStats } from "./commands/stats.js";
import { registerTrigger } from "./commands/trigger.js";
import { registerUpdate } from "./commands/update.js";
import { errandVersion } from "./runtime/self.js";

export function createProgram(state: ExitState): Command {
  const program = new Command("errand")
    .description("Run, trigger and inspect the background tasks of an errand app.")
    .version(errandVersion, "-V, --version", "print the version of errand")
    .option("-c, --config <file>", "the app's config (default: ./errand.config.ts if present)")
    .option("--verbose", "print stack traces and debug logs")
    .showSuggestionAfterError()
    .showHelpAfterError("(add --help for usage)")
    // Usage mistakes read like every other failure: one `errand:` line, then the hint above.
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, "errand: ")) })
    .exitOverride();
  for (const register of [
    registerInit,
    registerDev,
    registerCodegen,
    registerServe,
    registerRunner,
    registerTrigger,
    registerList,
    registerGet,
    registerLogs,
    registerManage,
    registerPause,
    registerUpdate,
    registerDelete,
    registerStats,
    registerSchedules,
  ]) {
    register(program, state);
  }
  return program;
}

/** Runs the `errand` command line and returns the exit code; expected failures print one line. */
export async function main(argv: readonly string[]): Promise<number> {
  const state: ExitState = { code: ExitCode.ok };
  const program = createProgram(state);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return state.code;
  } catch (error) {
    return report(error, argv.includes("--verbose"));
  }
}

function report(error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has printed the message (or the help) itself.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`errand: ${error.message}\n`);
    if (verbose && error.cause instanceof Error && error.cause.stack) {
      process.stderr.write(`${error.cause.stack}\n`);
    }
    return error.exitCode;
  }
  // Not an expected failure: a bug here or in the app's code. Say so, stack on request.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `errand: unexpected error: ${message}${verbose ? "" : " (rerun with --verbose for the stack)"}\n`,
  );
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return ExitCode.failed;
}
