/**
 * SQLite throughput, one process: bulk trigger rate and end-to-end no-op tasks per second, each
 * beside a floor measured in the same run (raw better-sqlite3 doing the same writes with no errand).
 *
 * Run: npx pnpm@10 --filter @errand/sqlite bench   (or: npx tsx packages/sqlite/bench/throughput.ts)
 * Env: TASKS (default 100000), CONCURRENCY (default 24), RUNS (default 3).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createErrand, defineTask } from "@errand/core";
import pino from "pino";
import { z } from "zod";
import { sqliteStore } from "../src/index.js";
import { rawClaimLoop, rawInsert } from "./floor.js";

const TASKS = Number(process.env.TASKS ?? 100_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 24);
const RUNS = Number(process.env.RUNS ?? 3);

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

function floorRate(run: (path: string) => number): number {
  const dir = mkdtempSync(join(tmpdir(), "errand-floor-"));
  try {
    return run(join(dir, "floor.db"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(10);

async function main() {
  const results = {
    trigger: [] as number[],
    triggerFloor: [] as number[],
    e2e: [] as number[],
    e2eFloor: [] as number[],
  };
  for (let run = 0; run < RUNS; run++) {
    results.triggerFloor.push(floorRate((path) => rawInsert(path, TASKS)));
    results.trigger.push(await triggerRate());
    results.e2eFloor.push(floorRate((path) => rawClaimLoop(path, TASKS, CONCURRENCY)));
    results.e2e.push(await endToEndRate());
  }
  const t = median(results.trigger);
  const tf = median(results.triggerFloor);
  const e = median(results.e2e);
  const ef = median(results.e2eFloor);
  console.log(
    `SQLite, one process, ${TASKS.toLocaleString("en-US")} tasks, median of ${RUNS} runs (Node ${process.version})`,
  );
  console.log("                                   errand/s     floor/s   errand/floor   target");
  console.log(
    `bulk trigger (triggerMany)      ${fmt(t)}  ${fmt(tf)}   ${(t / tf).toFixed(2).padStart(12)}   150,000`,
  );
  console.log(
    `end to end, concurrency ${String(CONCURRENCY).padEnd(3)}     ${fmt(e)}  ${fmt(ef)}   ${(e / ef).toFixed(2).padStart(12)}    50,000`,
  );
  console.log(
    "floor: raw better-sqlite3 on the same schema (insert in one transaction; claim 24 + settle 24 per loop).",
  );
}

await main();
