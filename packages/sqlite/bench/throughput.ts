/**
 * SQLite throughput, one process: bulk trigger rate and end-to-end no-op tasks per second, each
 * beside a floor measured in the same run (raw better-sqlite3 doing the same writes with no errand).
 *
 * Run: npx pnpm@10 --filter @errand/sqlite bench   (or: npx tsx packages/sqlite/bench/throughput.ts)
 * Env: TASKS (default 100000), CONCURRENCY (default 24), RUNS (default 3), PROFILE=1 (only errand's
 * end to end, once: run it under `node --cpu-prof`), ONLY=trigger (only the bulk trigger and its floor).
 *
 * Rounds are interleaved (floor, errand, plainjob in each), so a busy machine slows all alike;
 * the figures are medians over rounds, with min-max.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createErrand, defineTask } from "@errand/core";
import pino from "pino";
import { z } from "zod";
import { sqliteStore } from "../src/index.js";
import { rawClaimLoop, rawInsert } from "./floor.js";
import { plainjobRates } from "./plainjobSide.js";

const TASKS = Number(process.env.TASKS ?? 100_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 24);
const RUNS = Number(process.env.RUNS ?? 3);
const PROFILE = process.env.PROFILE === "1";
const TRIGGER_ONLY = process.env.ONLY === "trigger";

const noop = defineTask({
  name: "noop",
  input: z.object({ n: z.number() }),
  run: ({ controller }) => controller.success(),
});

async function withErrand<T>(fn: (errand: ReturnType<typeof makeErrand>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "errand-bench-"));
  const errand = makeErrand(join(dir, "errand.db"));
  try {
    await errand.ready();
    return await fn(errand);
  } finally {
    await errand.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function makeErrand(path: string) {
  const store = sqliteStore({ path });
  return Object.assign(createErrand({ tasks: { noop }, store, logger: pino({ level: "warn" }) }), { store });
}

const requests = () => Array.from({ length: TASKS }, (_, n) => ({ name: "noop" as const, input: { n } }));

async function triggerRate(): Promise<number> {
  return withErrand(async (errand) => {
    const batch = requests();
    const start = performance.now();
    (await errand.tasks.triggerMany(batch)).unwrap();
    return TASKS / ((performance.now() - start) / 1000);
  });
}

async function endToEndRate(): Promise<number> {
  return withErrand(async (errand) => {
    (await errand.tasks.triggerMany(requests())).unwrap();
    const runner = errand.runner({ concurrency: CONCURRENCY, pollIntervalMs: 50 });
    const start = performance.now();
    runner.start();
    // Both partial indexes (pending, running) make this check cheap; stats() would scan every row.
    const unfinished = errand.store.database!.prepare(
      "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM errand_tasks WHERE status = 'pending' LIMIT 1)) + (SELECT COUNT(*) FROM (SELECT 1 FROM errand_tasks WHERE status = 'running' LIMIT 1)) AS n",
    );
    while ((unfinished.get() as { n: number }).n > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = (performance.now() - start) / 1000;
    await runner.stop();
    return TASKS / seconds;
  });
}

function inTempDir<T>(run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "errand-floor-"));
  try {
    return run(join(dir, "floor.db"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inTempDirAsync<T>(run: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "errand-peer-"));
  try {
    return await run(join(dir, "peer.db"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const cell = (values: number[]) =>
  `${fmt(median(values))} (${fmt(Math.min(...values))}-${fmt(Math.max(...values))})`.padStart(28);

async function main() {
  if (PROFILE) {
    console.log(`errand end to end: ${fmt(await endToEndRate())} tasks/s`);
    return;
  }
  const r = {
    trigger: [] as number[],
    triggerFloor: [] as number[],
    plainjobEnqueue: [] as number[],
    e2e: [] as number[],
    floor24: [] as number[],
    floor500: [] as number[],
    plainjob: [] as number[],
  };
  for (let run = 0; run < RUNS; run++) {
    r.triggerFloor.push(inTempDir((path) => rawInsert(path, TASKS)));
    r.trigger.push(await triggerRate());
    if (TRIGGER_ONLY) continue;
    r.floor24.push(inTempDir((path) => rawClaimLoop(path, TASKS, CONCURRENCY)));
    r.floor500.push(inTempDir((path) => rawClaimLoop(path, TASKS, 500)));
    r.e2e.push(await endToEndRate());
    const peer = await inTempDirAsync((path) => plainjobRates(path, TASKS));
    r.plainjobEnqueue.push(peer.enqueue);
    r.plainjob.push(peer.execute);
  }
  const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
  console.log(
    `SQLite, one process, ${fmt(TASKS)} no-op tasks, median (min-max) of ${RUNS} interleaved rounds (Node ${process.version})`,
  );
  console.log("tasks/s                               median (min-max)");
  console.log(`bulk trigger: errand triggerMany ${cell(r.trigger)}`);
  console.log(
    `              floor (raw inserts) ${cell(r.triggerFloor)}   errand/floor ${ratio(r.trigger, r.triggerFloor)} (target 0.5)`,
  );
  if (TRIGGER_ONLY) return;
  console.log(
    `              plainjob addMany    ${cell(r.plainjobEnqueue)}   errand/plainjob ${ratio(r.trigger, r.plainjobEnqueue)}`,
  );
  console.log(`end to end:   errand, conc. ${String(CONCURRENCY).padEnd(5)}${cell(r.e2e)}`);
  console.log(
    `              floor, 24-row batch ${cell(r.floor24)}   errand/floor ${ratio(r.e2e, r.floor24)}`,
  );
  console.log(
    `              floor, 500-row      ${cell(r.floor500)}   errand/floor ${ratio(r.e2e, r.floor500)} (target 0.5, or 100,000/s)`,
  );
  console.log(
    `              plainjob (1 worker) ${cell(r.plainjob)}   errand/plainjob ${ratio(r.e2e, r.plainjob)} (target 5)`,
  );
  console.log(
    "floor: raw better-sqlite3 on errand's schema and file settings (inserts in one transaction; a loop of claim N with UPDATE ... RETURNING, then mark them done in one transaction).",
  );
}

await main();
