import { type Command, Option } from "commander";
import { CliError } from "../cliError.js";
import { attemptLines } from "../runtime/attemptLines.js";
import { openAppErrand } from "../runtime/openAppErrand.js";
import { exitWhenStopped, waitForShutdown } from "../runtime/shutdown.js";
import { startRunner } from "../runtime/startRunner.js";
import { withListenFlags, withRunnerFlags, withStoreFlag } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";

interface ServeOptions {
  port?: number;
  host?: string;
  db?: string | true;
  create?: boolean;
  runner?: boolean;
  /** False with --no-dashboard. */
  dashboard: boolean;
  concurrency: number;
  names?: string[];
  graceMs: number;
  logLevel: string;
  quiet?: boolean;
}

/** What a server started by `errand dev` tells its parent over IPC once it listens. */
export interface ReadyMessage {
  type: "errand:ready";
  url: string;
}

/**
 * What it tells its parent when it cannot start for a reason outside the app's code (see
 * `CliError.environmental`): `errand dev` then stops instead of waiting for a save.
 */
export interface CannotStartMessage {
  type: "errand:cannot-start";
  message: string;
}

export function registerServe(program: Command, state: ExitState): void {
  const command = program
    .command("serve")
    .description("serve the tasks router over HTTP (tRPC) until SIGTERM or Ctrl-C")
    .option("--runner", "also run tasks in this process (what `errand dev` runs)")
    .option("--no-dashboard", "do not serve the web dashboard at / (the tRPC API only)")
    .addOption(new Option("--worker", "the old name of --runner").hideHelp().implies({ runner: true }));
  withRunnerFlags(withStoreFlag(withListenFlags(command))).action(action(state, tellParentWhyNot(runServe)));
}

async function runServe(_args: string[], options: ServeOptions, context: CommandContext): Promise<number> {
  const config = await context.config();
  const port = options.port ?? config.port;
  const host = options.host ?? config.host;
  const app = await openAppErrand(context, {
    db: options.db,
    create: options.create,
    logLevel: options.logLevel,
    runsTasks: options.runner === true,
    ...(options.runner && !options.quiet ? { hooks: attemptLines } : {}),
  });
  const { createTasksServer } = await import("@errand/server");
  let server: Awaited<ReturnType<typeof createTasksServer>>;
  try {
    server = await createTasksServer({ errand: app.errand, port, host, dashboard: options.dashboard });
  } catch (error) {
    await app.errand.close();
    const message = (error as Error).message;
    if (message.includes("@errand/dashboard")) {
      throw new CliError(`${message}; or pass --no-dashboard to serve the API alone`, 1, { cause: error });
    }
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE") {
      throw new CliError(`port ${port} on ${host} is in use; stop what holds it, or pass --port`, 1, {
        cause: error,
        environmental: true,
      });
    }
    throw new CliError(`cannot listen on ${host}:${port}: ${(error as Error).message}`, 1, {
      cause: error,
      environmental: true,
    });
  }
  const runner = options.runner ? await startRunner(app.errand, options) : undefined;
  console.log(
    `errand serve: listening on ${server.url} (tasks: ${app.taskNames.join(", ") || "none"}; store: ${app.store}${runner ? "; running tasks" : ""})`,
  );
  // `errand dev` shows this line too: it is where the dashboard opens.
  if (options.dashboard) console.log(`errand serve: dashboard at ${server.url}/`);
  process.send?.({ type: "errand:ready", url: server.url } satisfies ReadyMessage);

  const reason = await waitForShutdown();
  console.log(`errand serve: ${reason}; stopping`);
  await server.close();
  await app.errand.close({ graceMs: options.graceMs });
  console.log("errand serve: stopped");
  return exitWhenStopped(0);
}

/** Under `errand dev`, an environmental failure is reported to the parent before it is thrown. */
function tellParentWhyNot<TArgs extends unknown[]>(run: (...args: TArgs) => Promise<number>) {
  return async (...args: TArgs): Promise<number> => {
    try {
      return await run(...args);
    } catch (error) {
      const send = process.send?.bind(process);
      if (send && error instanceof CliError && error.environmental) {
        const message: CannotStartMessage = { type: "errand:cannot-start", message: error.message };
        // Waits for the message to leave: the process exits right after the throw.
        await new Promise<void>((resolve) => send(message, undefined, undefined, () => resolve()));
      }
      throw error;
    }
  };
}
