import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunnerSettings } from "./runnerProcess.js";

const script = fileURLToPath(new URL("./runnerProcess.ts", import.meta.url));

export interface RunnerHandle {
  readonly child: ChildProcess;
  readonly settings: RunnerSettings;
  /** What it printed, for the failure message. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** Starts a runner process and resolves once it has printed "ready". */
export function startRunner(settings: RunnerSettings): Promise<RunnerHandle> {
  const child = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(settings)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const handle: RunnerHandle = { child, settings, output: () => output, exited };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready\n")) resolve(handle);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`runner ${settings.runnerId} exited (${code}):\n${output}`)));
  });
}

/** SIGTERM, then waits for the graceful exit. */
export async function stopRunner(runner: RunnerHandle): Promise<number | null> {
  if (runner.child.exitCode === null && runner.child.signalCode === null) runner.child.kill("SIGTERM");
  return runner.exited;
}
