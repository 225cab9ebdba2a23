import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { expect, it } from "vitest";
import { createErrand } from "../../errand/createErrand.js";
import type { Store } from "../../store/store.js";
import { faultWork, type JournalEntry } from "./faultTask.js";
import { readJournal } from "./journal.js";
import { inFlight, startRunner, until } from "./processes.js";

export interface RunnerKillFaultOptions {
  /** Shown in the test's title. */
  name: string;
  /** Absolute path of a module exporting `openStore(): Store`, configured by `env` in the runner processes. */
  storeModule: string;
  /** Fresh storage for the test: the parent's store on it, the env runner processes need, and cleanup. */
  open(): Promise<{ store: Store; env: Record<string, string>; cleanup(): Promise<void> }>;
}

// About 15 s of work for the runners: a backlog outlasts the kills.
const TASKS = 600;
const WORK_MS = 300;
const RUNNERS = 3;
const CONCURRENCY = 4;
const KILLS = 4;
// Long enough that a live runner keeps its lease on a loaded machine (its heartbeat, every third
// of it, may stall for seconds): a rerun is then only ever a killed runner's task.
const LEASE_MS = 4_000;
/** The promise: a dead runner's tasks start again within its lease plus this. */
const RESTART_SLACK_MS = 5_000;

/**
 * Runner processes on real storage, SIGKILLed one after another while the others work through a
 * backlog. Asserts nothing is lost (every task ends success), that a task is started again only
 * after an attempt on a killed runner, and that each killed runner's tasks start again within
 * `leaseMs + 5 s` although others are queued. Every attempt's start and end is journaled by the
 * task itself (see faultTask.ts), outside the store under test.
 */
export function defineRunnerKillFaultTest(options: RunnerKillFaultOptions): void {
  it(`${options.name}: SIGKILLed runners lose nothing, rerun only their own attempts, and restart in time`, async () => {
    const opened = await options.open();
    const journal = mkdtempSync(join(tmpdir(), "errand-faults-"));
    const children = new Set<ChildProcess>();
    const errand = createErrand({
      tasks: { faultWork },
      store: opened.store,
      logger: pino({ level: "silent" }),
    });
    const start = () =>
      startRunner({
        env: { ...opened.env, ERRAND_FAULT_JOURNAL: journal },
        storeModule: options.storeModule,
        concurrency: CONCURRENCY,
        leaseMs: LEASE_MS,
      });
    try {
      const requests = Array.from({ length: TASKS }, () => ({
        name: "faultWork" as const,
        input: { ms: WORK_MS },
      }));
      const ids = (await errand.tasks.triggerMany(requests)).unwrap().map((record) => record.id);
      for (const child of await Promise.all(Array.from({ length: RUNNERS }, start))) children.add(child);

      const kills: { pid: number; at: number }[] = [];
      for (let k = 0; k < KILLS; k++) {
        // The victim is a runner in the middle of attempts, so the kill leaves leases behind. On a
        // slow machine the backlog may run out first: then the kills so far must do.
        const pending = async () => (await errand.tasks.stats()).unwrap().total.pending;
        const victim = await until(async (): Promise<ChildProcess | "done" | undefined> => {
          const busy = [...children].find((child) => inFlight(journal, child.pid!) > 0);
          return busy ?? ((await pending()) === 0 ? "done" : undefined);
        }, 60_000);
        if (victim === "done") break;
        const exited = new Promise((resolve) => victim.once("exit", resolve));
        victim.kill("SIGKILL");
        kills.push({ pid: victim.pid!, at: Date.now() });
        await exited;
        children.delete(victim);
        children.add(await start());
      }

      await until(async () => (await errand.tasks.stats()).unwrap().total.success === TASKS, 120_000);
      const entries = readJournal<JournalEntry>(journal);
      const killed = new Map(kills.map((kill) => [kill.pid, kill.at]));
      let reruns = 0;
      for (const id of ids) {
        const starts = entries
          .filter((e) => e.taskId === id && e.type === "start")
          .sort((a, b) => a.at - b.at);
        expect(starts.length, `task ${id} never started`).toBeGreaterThan(0);
        for (const [i, earlier] of starts.slice(0, -1).entries()) {
          // Started again: only ever after an attempt on a killed runner, and soon after the kill.
          const killedAt = killed.get(earlier.pid);
          expect(killedAt, `task ${id} ran twice, first on live runner ${earlier.pid}`).toBeDefined();
          expect(starts[i + 1]!.at - killedAt!).toBeLessThanOrEqual(LEASE_MS + RESTART_SLACK_MS);
          reruns += 1;
        }
        const last = starts.at(-1)!;
        expect(entries.some((e) => e.type === "end" && e.taskId === id && e.pid === last.pid)).toBe(true);
        const { attempts } = (await errand.tasks.get(id)).unwrap();
        const expired = attempts!.filter((attempt) => attempt.end === "expired").length;
        expect(expired).toBeGreaterThanOrEqual(starts.length - 1);
      }
      // The kills did hit work in flight: some tasks really were run again.
      expect(kills.length).toBeGreaterThan(0);
      expect(reruns).toBeGreaterThan(0);
    } finally {
      for (const child of children) child.kill("SIGKILL");
      await errand.close({ graceMs: 0 });
      await opened.cleanup();
      rmSync(journal, { recursive: true, force: true });
    }
  }, 180_000);
}
