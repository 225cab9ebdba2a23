import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import type { CatchUp } from "../../schedule/scheduleConfig.js";
import type { CatchUpReport } from "../../schedule/scheduler.js";
import type { Store } from "../../store/store.js";
import { readJournal } from "./journal.js";
import { until } from "./processes.js";
import type { TickRun } from "./scheduledTask.js";

export interface ScheduleProcessTestOptions {
  /** Shown in the tests' titles. */
  name: string;
  /** Absolute path of a module exporting `openStore(): Store`, configured by `env` in the runner processes. */
  storeModule: string;
  /** Fresh storage for each test: the env runner processes need, and cleanup. */
  open(): Promise<{ store: Store; env: Record<string, string>; cleanup(): Promise<void> }>;
  /** The catch-up modes to test a restart with. */
  catchUp: readonly CatchUp[];
}

const RUNNERS = 3;
/** Ticks (one a second) to watch with every runner up. */
const TICKS = 10;
/** How long no runner is up between the stop and the restart. */
const DOWN_MS = 5_000;
const SECOND = 1_000;
const script = fileURLToPath(new URL("./scheduleProcess.ts", import.meta.url));

interface Runner {
  child: ChildProcess;
  /** The scheduler's start-up report, once it logged it. */
  caughtUp: Promise<{ now: number; schedules: CatchUpReport[] }>;
}

/**
 * A schedule firing every second, on several real runner processes sharing one store: each tick
 * runs exactly once however many runners are up; after every runner was stopped for 5 s, the
 * restarted ones catch up as `catchUp` says. What ran is journaled by the task itself.
 */
export function defineScheduleProcessTests(options: ScheduleProcessTestOptions): void {
  it(`${options.name}: a schedule every second on ${RUNNERS} runner processes runs each tick exactly once`, async () => {
    await withRunners(options, "latest", async ({ start, stopAll, runs }) => {
      const runners = await Promise.all(Array.from({ length: RUNNERS }, () => start()));
      const allUp = Math.max(...(await Promise.all(runners.map((r) => r.caughtUp))).map((r) => r.now));
      await until(() => runs().filter((run) => run.tick > allUp).length >= TICKS, 60_000);
      await stopAll();
      const ticks = runs().map((run) => run.tick);
      expect(ticks.length, "a tick ran more than once").toBe(new Set(ticks).size);
      expectEverySecond(ticks, Math.min(...ticks), Math.max(...ticks));
      // Each run was its own task.
      expect(new Set(runs().map((run) => run.taskId)).size).toBe(ticks.length);
    });
  }, 120_000);

  for (const mode of options.catchUp) {
    it(`${options.name}: after ${DOWN_MS / SECOND} s with no runner up, catchUp "${mode}" fires ${describeMode(mode)}`, async () => {
      await withRunners(options, mode, async ({ start, stopAll, runs }) => {
        const first = await Promise.all(Array.from({ length: RUNNERS }, () => start()));
        const firstUp = Math.max(...(await Promise.all(first.map((r) => r.caughtUp))).map((r) => r.now));
        await until(() => runs().filter((run) => run.tick > firstUp).length >= 2, 60_000);
        await stopAll();
        const lastBefore = Math.max(...runs().map((run) => run.tick));
        // Wall-clock ticks are the subject here: wait until they have passed.
        await until(() => Date.now() >= lastBefore + DOWN_MS + SECOND, DOWN_MS + 30_000);

        const restarted = await Promise.all(Array.from({ length: RUNNERS }, () => start()));
        const reports = await Promise.all(restarted.map((r) => r.caughtUp));
        const restartedAt = Math.min(...reports.map((r) => r.now));
        await until(() => runs().filter((run) => run.tick > restartedAt).length >= 2, 60_000);
        await stopAll();

        const ticks = runs().map((run) => run.tick);
        expect(ticks.length, "a tick ran more than once").toBe(new Set(ticks).size);
        // Ticks after the first restarted scheduler started fire as usual, every second.
        const after = ticks.filter((tick) => tick > restartedAt);
        expectEverySecond(after, Math.min(...after), Math.max(...after));
        const missed = ticks.filter((tick) => tick > lastBefore && tick <= restartedAt).sort((a, b) => a - b);
        const latestMissed = Math.floor(restartedAt / SECOND) * SECOND;
        if (mode === "none") expect(missed).toEqual([]);
        if (mode === "latest") expect(missed).toEqual([latestMissed]);
        if (mode === "all") {
          expectEverySecond(missed, lastBefore + SECOND, latestMissed);
          expect(missed.length).toBeGreaterThanOrEqual(DOWN_MS / SECOND);
        }
      });
    }, 180_000);
  }
}

function describeMode(mode: CatchUp): string {
  return {
    none: "none of the missed ticks",
    latest: "the latest missed tick once",
    all: "every missed tick",
  }[mode];
}

function expectEverySecond(ticks: readonly number[], from: number, to: number): void {
  const expected: number[] = [];
  for (let tick = from; tick <= to; tick += SECOND) expected.push(tick);
  expect([...ticks].sort((a, b) => a - b).map(iso)).toEqual(expected.map(iso));
}

const iso = (ms: number) => new Date(ms).toISOString();

async function withRunners(
  options: ScheduleProcessTestOptions,
  catchUp: CatchUp,
  body: (helpers: { start(): Promise<Runner>; stopAll(): Promise<void>; runs(): TickRun[] }) => Promise<void>,
): Promise<void> {
  const opened = await options.open();
  const journal = mkdtempSync(join(tmpdir(), "errand-schedules-"));
  const children = new Set<ChildProcess>();
  const env = { ...opened.env, ERRAND_SCHEDULE_JOURNAL: journal, ERRAND_SCHEDULE_CATCH_UP: catchUp };
  try {
    await body({
      async start() {
        const runner = await startRunner(env, options.storeModule);
        children.add(runner.child);
        return runner;
      },
      async stopAll() {
        await Promise.all(
          [...children].map((child) => {
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill("SIGTERM");
            return exited;
          }),
        );
        children.clear();
      },
      runs: () => readJournal<TickRun>(journal),
    });
  } finally {
    for (const child of children) child.kill("SIGKILL");
    await opened.cleanup();
    rmSync(journal, { recursive: true, force: true });
  }
}

function startRunner(env: Record<string, string>, storeModule: string): Promise<Runner> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env, ERRAND_FAULT_STORE_MODULE: storeModule },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let onCaughtUp: (report: { now: number; schedules: CatchUpReport[] }) => void;
  const caughtUp = new Promise<{ now: number; schedules: CatchUpReport[] }>((resolve) => {
    onCaughtUp = resolve;
  });
  let buffered = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === "ready") resolve({ child, caughtUp });
        if (line.includes("schedules caught up")) onCaughtUp(JSON.parse(line));
      }
    });
    child.once("exit", (code) => reject(new Error(`runner process exited early (${code})`)));
  });
}
