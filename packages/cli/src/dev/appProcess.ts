import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import type { CannotStartMessage, ReadyMessage } from "../commands/serve.js";
import { errandBin } from "../runtime/self.js";

export interface AppProcessOptions {
  /** Flags for `errand serve --runner`. */
  args: string[];
  cwd: string;
  onReady(message: ReadyMessage): void;
  /** The server exited on its own (it crashed, or a task module failed to load). */
  onCrash(code: number | null, signal: NodeJS.Signals | null): void;
  /** The server cannot start for a reason no save can fix (port in use, database unreachable). */
  onCannotStart(message: CannotStartMessage): void;
}

export interface AppProcess {
  start(): void;
  /** Stops the running server (gracefully: in-flight tasks are handed back) and starts a new one. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `errand serve --runner` in a child process that `errand dev` replaces on every change.
 *
 * Why a process and not a re-import: Node never evicts an ES module, and a cache-busting query on
 * the registry would reload only the registry itself, not the task modules it imports. A fresh
 * process loads every task file as it now is, and frees the old ones.
 */
export function createAppProcess(options: AppProcessOptions): AppProcess {
  let child: ChildProcess | undefined;
  const stopped = new WeakSet<ChildProcess>();
  // A child that reported it cannot start exits on its own, after printing why: never cut it short.
  const exitingOnItsOwn = new WeakSet<ChildProcess>();

  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    stopped.add(current);
    const exited = once(current, "exit");
    if (!exitingOnItsOwn.has(current)) current.kill("SIGTERM");
    await exited;
  };

  return {
    start() {
      const spawned = spawn(process.execPath, [errandBin, "serve", "--runner", ...options.args], {
        cwd: options.cwd,
        // Its own process group: Ctrl-C reaches `errand dev` alone, which then stops the server
        // once, instead of both receiving SIGINT and the server taking the parent's SIGTERM as a second.
        detached: true,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      child = spawned;
      spawned.on("message", (message: ReadyMessage | CannotStartMessage) => {
        if (message?.type === "errand:ready") options.onReady(message);
        if (message?.type === "errand:cannot-start") {
          stopped.add(spawned); // reported here; not a crash to wait out
          exitingOnItsOwn.add(spawned);
          options.onCannotStart(message);
        }
      });
      spawned.on("exit", (code, signal) => {
        if (!stopped.has(spawned)) options.onCrash(code, signal);
      });
    },
    async restart() {
      await stop();
      this.start();
    },
    stop,
  };
}
