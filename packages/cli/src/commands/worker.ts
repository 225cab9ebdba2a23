import type { Command } from "commander";
import { openAppErrand } from "../runtime/openAppErrand.js";
import { waitForShutdown } from "../runtime/shutdown.js";
import { startWorker } from "../runtime/startWorker.js";
import { withRunnerFlags, withStoreFlag } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";

interface WorkerOptions {
  concurrency: number;
  names?: string[];
  db?: string | true;
  graceMs: number;
  logLevel: string;
}

export function registerWorker(program: Command, state: ExitState): void {
  const command = program
    .command("worker")
    .description("run tasks (the runner alone, for production) until SIGTERM or Ctrl-C");
  withRunnerFlags(withStoreFlag(command)).action(action(state, runWorker));
}

async function runWorker(_args: string[], options: WorkerOptions, context: CommandContext): Promise<number> {
  const app = await openAppErrand(context, { db: options.db, logLevel: options.logLevel, runsTasks: true });
  const worker = await startWorker(app.errand, options);
  const names = options.names ?? app.taskNames;
  console.log(
    `errand worker: running ${names.join(", ")} on ${app.store} (concurrency ${options.concurrency}); SIGTERM or Ctrl-C stops it`,
  );
  const reason = await waitForShutdown();
  const running = worker.activeTaskIds.length;
  console.log(
    `errand worker: ${reason}; claiming no more tasks, ${running} running get ${options.graceMs} ms to finish`,
  );
  await app.errand.close({ graceMs: options.graceMs });
  console.log("errand worker: stopped");
  return 0;
}
