import type { Command } from "commander";
import { attemptLines } from "../runtime/attemptLines.js";
import { openAppErrand } from "../runtime/openAppErrand.js";
import { exitWhenStopped, waitForShutdown } from "../runtime/shutdown.js";
import { startRunner } from "../runtime/startRunner.js";
import { withRunnerFlags, withStoreFlag } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";

interface RunnerOptions {
  concurrency: number;
  names?: string[];
  db?: string | true;
  create?: boolean;
  graceMs: number;
  logLevel: string;
  quiet?: boolean;
}

export function registerRunner(program: Command, state: ExitState): void {
  const command = program
    .command("runner")
    // Other queues call this process a worker; the old name keeps working.
    .alias("worker")
    .description("run tasks (the runner alone, for production) until SIGTERM or Ctrl-C");
  withRunnerFlags(withStoreFlag(command)).action(action(state, runRunner));
}

async function runRunner(_args: string[], options: RunnerOptions, context: CommandContext): Promise<number> {
  const app = await openAppErrand(context, {
    db: options.db,
    create: options.create,
    logLevel: options.logLevel,
    runsTasks: true,
    ...(options.quiet ? {} : { hooks: attemptLines }),
  });
  const runner = await startRunner(app.errand, options);
  const names = options.names ?? app.taskNames;
  console.log(
    `errand runner: running ${names.join(", ")} on ${app.store} (concurrency ${options.concurrency}); SIGTERM or Ctrl-C stops it`,
  );
  const reason = await waitForShutdown();
  const running = runner.activeTaskIds.length;
  console.log(
    `errand runner: ${reason}; claiming no more tasks, ${running} running get ${options.graceMs} ms to finish`,
  );
  await app.errand.close({ graceMs: options.graceMs });
  console.log("errand runner: stopped");
  return exitWhenStopped(0);
}
