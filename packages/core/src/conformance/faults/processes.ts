import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Runner processes on real storage, and the journal their tasks write, for the fault tests.
const script = fileURLToPath(new URL("./runnerProcess.ts", import.meta.url));

export interface RunnerProcessOptions {
  env: Record<string, string>;
  /** A module exporting `openStore(): Store`, configured by `env`. */
  storeModule: string;
  concurrency: number;
  leaseMs: number;
  /** Which tasks the runner registers (runnerProcess.ts). Default "fault". */
  tasks?: "fault" | "limits";
}

/** Starts a runner process (runnerProcess.ts); resolves once it printed "ready". */
export function startRunner(options: RunnerProcessOptions): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: {
      ...process.env,
      ...options.env,
      ERRAND_FAULT_STORE_MODULE: options.storeModule,
      ERRAND_FAULT_CONCURRENCY: String(options.concurrency),
      ERRAND_FAULT_LEASE_MS: String(options.leaseMs),
      ERRAND_FAULT_TASKS: options.tasks ?? "fault",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`runner process exited early (${code})`)));
  });
}

/** Attempts the process has started and not ended. */
export function inFlight(dir: string, pid: number): number {
  const file = join(dir, `${pid}.jsonl`);
  if (!existsSync(file)) return 0;
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  const starts = lines.filter((line) => line.includes('"type":"start"')).length;
  return starts - (lines.length - starts);
}

/** Polls `check` until it returns something truthy; fails after `timeoutMs`. */
export async function until<T>(check: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
