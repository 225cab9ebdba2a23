import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { join } from "node:path";

export interface Child {
  process: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
  /** Everything written to stderr so far. */
  stderr(): string;
}

const started: ChildProcess[] = [];

/** Kills what is still running; call from `afterEach`. */
export function killChildren(): void {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** Runs `test/processes/<script>` with tsx, stdout read line by line. */
export function startChild(script: string, env: Record<string, string>, options: SpawnOptions = {}): Child {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "../processes", script)],
    {
      ...options,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  started.push(child);
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stdout!.on("data", (chunk) => {
    stdout += chunk;
    for (const check of waiters) check();
  });
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      resolve(code);
      for (const check of waiters) check();
    }),
  );
  return {
    process: child,
    exited,
    stderr: () => stderr,
    line(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = stdout.split("\n").find((line) => pattern.test(line));
          if (found !== undefined) {
            waiters.delete(check);
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            reject(
              new Error(
                `${script} exited before printing ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`,
              ),
            );
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}
