import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { expect, it } from "vitest";
import { createErrand } from "../../errand/createErrand.js";
import type { JournalEntry } from "./faultTask.js";
import { readJournal } from "./journal.js";
import type { RunnerKillFaultOptions } from "./killRunners.js";
import { limitedTasks, TEST_LIMITS } from "./limitedTasks.js";
import { inFlight, startRunner, until } from "./processes.js";

const RUNNERS = 4;
const CONCURRENCY = 10;
// Long enough that a live runner keeps its lease on a loaded machine (its heartbeat, every third
// of it, may stall for seconds): a rerun is then only ever a killed runner's task.
const LEASE_MS = 4_000;
const KEYS = ["k0", "k1", "k2"];
const KEYED_TASKS = 300;
const TASK_TASKS = 60;
const RATED_TASKS = 60;
/** The promise: a dead runner's tasks start again within its lease plus this. */
const RESTART_SLACK_MS = 5_000;

/**
 * Concurrency per key and per task and rate limits, held by the store across runner processes on
 * real storage: every attempt journals its start and end (limitedTasks.ts), and the journal shows
 * each limit kept at every instant (a killed runner's attempts end at its kill), rate limits kept
 * in every window (from the store's attempt starts), every task done, and the keys running side by
 * side. With `kill`, one runner is SIGKILLed mid-run: its slots come back when its leases expire.
 */
export function defineRunnerLimitsTest(options: RunnerKillFaultOptions): void {
  for (const kill of [false, true]) {
    const title = kill ? "one runner SIGKILLed mid-run" : "no kills";
    it(`${options.name}: ${RUNNERS} runner processes keep every limit (${title})`, async () => {
      const opened = await options.open();
      const journal = mkdtempSync(join(tmpdir(), "errand-limits-"));
      const children = new Set<ChildProcess>();
      const errand = createErrand({
        tasks: limitedTasks,
        store: opened.store,
        logger: pino({ level: "silent" }),
      });
      try {
        const requests = [
          ...Array.from({ length: KEYED_TASKS }, (_, i) => ({
            name: "keyedWork" as const,
            input: { key: KEYS[i % KEYS.length]!, ms: 40 },
          })),
          ...Array.from({ length: TASK_TASKS }, () => ({ name: "taskWork" as const, input: { ms: 40 } })),
          ...Array.from({ length: RATED_TASKS }, (_, i) => ({
            name: "ratedWork" as const,
            input: { key: KEYS[i % 2]!, ms: 5 },
          })),
        ];
        const ids = (await errand.tasks.triggerMany(requests)).unwrap().map((record) => record.id);
        const start = () =>
          startRunner({
            env: { ...opened.env, ERRAND_FAULT_JOURNAL: journal },
            storeModule: options.storeModule,
            concurrency: CONCURRENCY,
            leaseMs: LEASE_MS,
            tasks: "limits",
          });
        for (const child of await Promise.all(Array.from({ length: RUNNERS }, start))) children.add(child);

        let killed: { pid: number; at: number } | undefined;
        // A victim picked with attempts in flight may end them before the signal lands (they take
        // 40 ms, and a loaded machine can hold this process back longer): that kill left no lease
        // behind and tests nothing, so the next busy runner goes, until a kill leaves one open.
        while (kill && !killed) {
          if (children.size < 2) throw new Error("every kill but the last runner's found no attempt open");
          const victim = await until(
            () => [...children].find((child) => inFlight(journal, child.pid!) > 0),
            60_000,
          );
          const exited = new Promise((resolve) => victim.once("exit", resolve));
          victim.kill("SIGKILL");
          const at = Date.now();
          await exited;
          children.delete(victim);
          if (openAttempts(readJournal<JournalEntry>(journal), victim.pid!).length > 0) {
            killed = { pid: victim.pid!, at };
          }
        }
        const total = ids.length;
        await until(async () => (await errand.tasks.stats()).unwrap().total.success === total, 120_000);

        const entries = readJournal<JournalEntry>(journal);
        const intervals = attemptIntervals(entries, killed);
        for (const key of KEYS) {
          const peak = peakOverlap(intervals.filter((i) => i.task === "keyedWork" && i.key === key));
          expect(peak, `keyedWork ${key} ran ${peak} at once`).toBeLessThanOrEqual(TEST_LIMITS.perKey);
        }
        const perTask = peakOverlap(intervals.filter((i) => i.task === "taskWork"));
        expect(perTask, `taskWork ran ${perTask} at once`).toBeLessThanOrEqual(TEST_LIMITS.perTask);
        // Not serialised to one key: more ran at once than one key may.
        expect(peakOverlap(intervals.filter((i) => i.task === "keyedWork"))).toBeGreaterThan(
          TEST_LIMITS.perKey,
        );

        // Rate: the store's own start times (the claim's `now`), every attempt included.
        const rated = (await errand.tasks.list({ name: "ratedWork", limit: 1_000 })).unwrap().items;
        for (const key of KEYS.slice(0, 2)) {
          const starts: number[] = [];
          for (const record of rated.filter((r) => r.input.key === key)) {
            const { attempts } = (await errand.tasks.get(record.id)).unwrap();
            starts.push(...attempts!.map((attempt) => attempt.startedAt.getTime()));
          }
          expect(starts.length).toBeGreaterThanOrEqual(RATED_TASKS / 2);
          expect(
            busiestWindow(starts, TEST_LIMITS.rate.periodMs),
            JSON.stringify([...starts].sort()),
          ).toBeLessThanOrEqual(TEST_LIMITS.rate.limit);
        }

        if (killed) {
          // The dead runner's attempts started again, within its lease (plus slack), on live runners.
          const orphaned = openAttempts(entries, killed.pid);
          expect(orphaned.length).toBeGreaterThan(0);
          for (const lost of orphaned) {
            const again = entries.find(
              (e) => e.taskId === lost.taskId && e.type === "start" && e.at > lost.at,
            );
            expect(again, `task ${lost.taskId} never started again`).toBeDefined();
            expect(again!.at - killed.at).toBeLessThanOrEqual(LEASE_MS + RESTART_SLACK_MS);
          }
        }
      } finally {
        for (const child of children) child.kill("SIGKILL");
        await errand.close({ graceMs: 0 });
        await opened.cleanup();
        rmSync(journal, { recursive: true, force: true });
      }
    }, 180_000);
  }
}

interface Interval {
  task: string;
  key: string;
  from: number;
  to: number;
}

const hasEnd = (entries: JournalEntry[], start: JournalEntry) =>
  entries.some(
    (e) =>
      e.type === "end" && e.taskId === start.taskId && e.pid === start.pid && e.attempt === start.attempt,
  );

/** The attempts runner `pid` started and never ended: after its kill, the ones the kill cut off. */
const openAttempts = (entries: JournalEntry[], pid: number) =>
  entries.filter((e) => e.pid === pid && e.type === "start" && !hasEnd(entries, e));

/** Each attempt's body, start to end; one on the killed runner with no end ran until the kill. */
function attemptIntervals(
  entries: JournalEntry[],
  killed: { pid: number; at: number } | undefined,
): Interval[] {
  const ends = new Map<string, number>();
  const id = (e: JournalEntry) => `${e.taskId}#${e.pid}#${e.attempt}#${e.at}`;
  for (const e of entries.filter((e) => e.type === "end"))
    ends.set(`${e.taskId}#${e.pid}#${e.attempt}`, e.at);
  return entries
    .filter((e) => e.type === "start")
    .map((e) => {
      const end = ends.get(`${e.taskId}#${e.pid}#${e.attempt}`);
      const to = end ?? (killed && e.pid === killed.pid ? killed.at : Number.POSITIVE_INFINITY);
      expect(to, `attempt ${id(e)} never ended on a live runner`).not.toBe(Number.POSITIVE_INFINITY);
      return { task: e.task!, key: e.key!, from: e.at, to };
    });
}

/** The most intervals open at one instant; one ending when another starts does not overlap it. */
function peakOverlap(intervals: Interval[]): number {
  const events = intervals.flatMap((i) => [
    { at: i.from, delta: 1 },
    { at: i.to, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let peak = 0;
  for (const event of events) {
    open += event.delta;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** The most starts in any window [t, t + periodMs). */
function busiestWindow(starts: number[], periodMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let busiest = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= periodMs) first += 1;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}
