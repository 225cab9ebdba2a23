import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/errand.js", import.meta.url));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Node's own flags for the child, e.g. `["--import", hook]`. */
  execArgv?: string[];
}

/** The environment of a child `errand`: a developer's ERRAND_DATABASE_URL must not redirect a test. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!("ERRAND_DATABASE_URL" in extra)) delete env.ERRAND_DATABASE_URL;
  return env;
}

/** Runs the real bin to completion. */
export function runErrand(args: string[], options: RunOptions): Promise<Finished> {
  return startErrand(args, options).finished;
}

export interface Running {
  process: ChildProcess;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the first match in stdout or stderr; rejects if the process ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  finished: Promise<Finished>;
}

/** Starts the real bin and leaves it running (runner, serve, dev). */
export function startErrand(args: string[], options: RunOptions): Running {
  const child = spawn(process.execPath, [...(options.execArgv ?? []), BIN, ...args], {
    cwd: options.cwd,
    env: childEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let closed = false;
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const check of watchers) check();
  };
  child.stdout!.on("data", (chunk) => {
    stdout += chunk;
    notify();
  });
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
    notify();
  });
  const finished = new Promise<Finished>((resolve) =>
    child.on("close", (code, signal) => {
      closed = true;
      resolve({ code, signal, stdout, stderr });
      notify();
    }),
  );
  return {
    process: child,
    output: () => ({ stdout, stderr }),
    finished,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`timed out waiting for ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          const match = stdout.match(pattern) ?? stderr.match(pattern);
          if (!match && !closed) return;
          watchers.delete(check);
          clearTimeout(timer);
          if (match) resolve(match);
          else
            reject(
              new Error(`errand exited before printing ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`),
            );
        };
        watchers.add(check);
        check();
      });
    },
  };
}

/** `errand serve --runner` on a SQLite file, started and listening; `url` is where. */
export async function startServer(cwd: string, dbPath: string): Promise<{ server: Running; url: string }> {
  const server = startErrand(["serve", "--runner", "--port", "0", "--db", dbPath, "--log-level", "warn"], {
    cwd,
  });
  const url = (await server.waitFor(/listening on (http:\/\/\S+) /))[1]!;
  return { server, url };
}
