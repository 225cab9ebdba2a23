import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { CPU_TAG, READY_TAG } from "./cpuMeter.js";
import type { PerfRunnerSettings } from "./perfRunner.js";

/** One side of the comparison: the same steps, each system in its own fresh schema. */
export interface BenchSystem {
  readonly name: PerfRunnerSettings["system"];
  readonly schema: string;
  /** Settings of this system's runner processes besides url, schema and concurrency. */
  readonly runner: Pick<PerfRunnerSettings, "graphileDefaults">;
  install(): Promise<void>;
  /** All `count` no-op tasks in one call. */
  enqueue(count: number): Promise<void>;
  /** Tasks not yet done (errand keeps finished tasks; graphile-worker deletes them). */
  left(): Promise<number>;
  /** Trigger-to-start latencies in ms, one task at a time, runner in this process. */
  latencies(samples: number): Promise<number[]>;
  drop(): Promise<void>;
}

export function benchSchema(prefix: string): string {
  return `${prefix}_perf_${randomBytes(4).toString("hex")}`;
}

const runnerScript = fileURLToPath(new URL("./perfRunner.ts", import.meta.url));
const running = new Set<ChildProcess>();
// A bench that dies must not leave runners working on (and connected to) the server.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts a runner process in "once" mode; resolves with the CPU ms it used when it exits, failing
 * on a non-zero exit.
 */
export async function runOnceProcess(settings: PerfRunnerSettings): Promise<number> {
  return (await runOnceProcessReport(settings)).cpuMs;
}

/** As `runOnceProcess`, with what the runner printed (its claim timings, when asked for). */
export function runOnceProcessReport(
  settings: PerfRunnerSettings,
  onReady?: (go: () => void) => void,
): Promise<{ cpuMs: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", runnerScript, JSON.stringify(settings)], {
      stdio: [settings.together ? "pipe" : "ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      const ready = settings.together && !stdout.split("\n").includes(READY_TAG);
      stdout += chunk.toString();
      if (ready && stdout.split("\n").includes(READY_TAG)) onReady?.(() => child.stdin!.end("go\n"));
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("exit", (code) => {
      running.delete(child);
      const cpu = stdout.split("\n").find((line) => line.startsWith(CPU_TAG));
      if (code === 0 && cpu) resolve({ cpuMs: Number(cpu.slice(CPU_TAG.length)), stdout });
      else reject(new Error(`${settings.system} runner exited ${code}:\n${stderr}`));
    });
  });
}

/**
 * `count` runner processes with `together` set: all are started and connected before any claims,
 * so the drain measures running tasks, not loading modules. Resolves with each one's report and
 * the wall time from "go" until the last one exited; `onGo` runs just before they are let go.
 */
export async function runTogether(
  settings: PerfRunnerSettings,
  count: number,
  onGo: () => void = () => {},
): Promise<{ reports: { cpuMs: number; stdout: string }[]; msFromGo: number }> {
  const goes: (() => void)[] = [];
  let goAt = 0;
  const reports = await Promise.all(
    Array.from({ length: count }, () =>
      runOnceProcessReport({ ...settings, together: true }, (go) => {
        goes.push(go);
        if (goes.length < count) return;
        onGo();
        goAt = performance.now();
        for (const release of goes) release();
      }),
    ),
  );
  return { reports, msFromGo: performance.now() - goAt };
}

/** CHECKPOINT needs superuser (or pg_checkpoint); without it the bench goes on and says so once. */
let checkpointRefused = false;
export async function checkpoint(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("CHECKPOINT");
  } catch (error) {
    if (!checkpointRefused)
      console.warn(`CHECKPOINT refused (${(error as Error).message}); figures are noisier`);
    checkpointRefused = true;
  } finally {
    await client.end();
  }
}

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The latency loop of graphile-worker's latencyTest: 100 warm-up tasks, a pause, then one task at
 * a time, timed from just before the trigger call to the start of the task's body.
 */
export async function latencyLoop(
  samples: number,
  trigger: (id: number) => Promise<unknown>,
  triggerWarmUp: () => Promise<unknown>,
  left: () => Promise<number>,
): Promise<{ started(id: number): void; run(): Promise<number[]> }> {
  const startTimes = new Map<number, number>();
  let latencies: number[] = [];
  let current: (() => void) | undefined;
  return {
    started(id) {
      const start = startTimes.get(id);
      if (start !== undefined) latencies.push(performance.now() - start);
      if (id >= 0) current?.();
    },
    async run() {
      await triggerWarmUp();
      while ((await left()) > 0) await sleep(50);
      latencies = [];
      await sleep(1_000);
      for (let id = 0; id < samples; id++) {
        const started = new Promise<void>((resolve) => {
          current = resolve;
        });
        startTimes.set(id, performance.now());
        await trigger(id);
        await started;
      }
      while ((await left()) > 0) await sleep(50);
      return latencies;
    },
  };
}
