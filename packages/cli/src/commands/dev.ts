import path from "node:path";
import type { Command } from "commander";
import { checkStorePath } from "../config/checkStorePath.js";
import { resolveStore } from "../config/resolveStore.js";
import { serverUrl } from "../connect/openConnection.js";
import { createAppProcess } from "../dev/appProcess.js";
import { findFreePort } from "../dev/freePort.js";
import { createLiveLines } from "../dev/liveLines.js";
import { waitForShutdown } from "../runtime/shutdown.js";
import { wholeNumber, withListenFlags, withStoreFlag } from "./flags.js";
import { action, type CommandContext, type ExitState } from "./kit.js";

interface DevFlags {
  port?: number;
  host?: string;
  db?: string | true;
  create?: boolean;
  concurrency: number;
  /** False with --no-dashboard. */
  dashboard: boolean;
}

/** A change is often several file events (an editor's save, codegen's re-check); restart once. */
const RESTART_DEBOUNCE_MS = 150;

export function registerDev(program: Command, state: ExitState): void {
  const command = program
    .command("dev")
    .description(
      "codegen in watch mode, the server and a runner; restarts them when a file under the root changes",
    )
    .option("--concurrency <n>", "attempts run at once", wholeNumber(1, 10_000), 10)
    .option("--no-dashboard", "do not serve the web dashboard at / (the tRPC API only)");
  withStoreFlag(withListenFlags(command)).action(action(state, runDev));
}

async function runDev(_args: string[], flags: DevFlags, context: CommandContext): Promise<number> {
  const config = await context.config();
  // Checked here too: a wrong --db is no reason to start a server that waits for a save.
  const target = resolveStore(config, {
    db: typeof flags.db === "string" ? flags.db : undefined,
    cwd: context.cwd,
    env: context.env,
  });
  checkStorePath(target, { access: "write", createFolders: flags.create === true, cwd: context.cwd });
  const host = flags.host ?? config.host;
  const requested = flags.port ?? config.port;
  const port = requested === 0 ? await findFreePort(host) : requested;
  const say = (line: string) => console.log(`errand dev: ${line}`);
  let cannotStart!: () => void;
  const stopsForGood = new Promise<"cannot start">((resolve) => {
    cannotStart = () => resolve("cannot start");
  });
  const live = await createLiveLines(serverUrl({ host, port }), Date.now(), (line) => console.log(line));
  const app = createAppProcess({
    cwd: context.cwd,
    args: [
      ...["--port", String(port), "--host", host, "--concurrency", String(flags.concurrency)],
      // Short grace: on a restart, running tasks are handed back and rerun on the new code.
      ...["--grace-ms", "2000"],
      ...(config.file ? ["--config", config.file] : []),
      ...(typeof flags.db === "string" ? ["--db", flags.db] : []),
      ...(flags.create ? ["--create"] : []),
      // The live lines below already show each task's state changes.
      "--quiet",
      ...(flags.dashboard ? [] : ["--no-dashboard"]),
    ],
    onReady: () => live.connect(),
    onCrash: (code, signal) =>
      say(
        `the server stopped (${signal ?? `exit code ${code}`}); fix the error above and save to restart it`,
      ),
    onCannotStart: () => cannotStart(),
  });

  const { watch, formatProblem, problemsOf } = await import("@errand/codegen");
  const root = path.relative(context.cwd, config.root) || ".";
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> = Promise.resolve();
  const watcher = await watch({
    cwd: config.appDir,
    root: config.root,
    output: config.generated,
    onResult(result) {
      for (const problem of problemsOf(result)) console.error(formatProblem(problem, context.cwd));
      // A broken file stops here: the last good server keeps running until the next good save.
      if (result.isFail()) return say("codegen failed; the server keeps the previous tasks");
      if (!started) {
        started = true;
        say(`${result.value.tasks.length} task(s) in ${root}/; starting the server and a runner`);
        return app.start();
      }
      clearTimeout(timer);
      timer = setTimeout(() => {
        say(`${root}/ changed; restarting the server and the runner`);
        live.disconnect();
        restarting = restarting.then(() => app.restart());
      }, RESTART_DEBOUNCE_MS);
    },
    onError: (error) => console.error(`errand dev: codegen: ${String(error)}`),
  });
  if (watcher.isFail()) {
    for (const problem of watcher.error.problems) console.error(formatProblem(problem, context.cwd));
    return 1;
  }
  say(`watching ${root}/ for changes; Ctrl-C stops`);

  const reason = await Promise.race([waitForShutdown(), stopsForGood]);
  clearTimeout(timer);
  await watcher.value.close();
  live.disconnect();
  await restarting;
  await app.stop();
  if (reason === "cannot start") {
    say("the server cannot start; stopping (fix the cause above, then run `errand dev` again)");
    return 1;
  }
  say("stopped");
  return 0;
}
