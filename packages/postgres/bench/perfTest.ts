/**
 * errand on Postgres against graphile-worker 0.17 on the same server, in the shape of
 * graphile-worker's perfTest: enqueue JOB_COUNT no-op tasks in one call, drain them with
 * PARALLELISM runner processes x CONCURRENCY ("once" mode, minus one runner's start-up time),
 * then SAMPLES sequential trigger-to-start latencies. Each system gets its own fresh schema.
 *
 * errand runs with its defaults; beside it the raw floor (floorSide.ts: claims of 500 with SKIP
 * LOCKED and one UPDATE marking them done, on errand's own table, rows kept). The order rotates
 * each round; the table shows medians with min-max.
 *
 *   pnpm --filter @errand/postgres bench
 *   # env: ERRAND_PG_URL, JOB_COUNT (200000), SAMPLES (1000), ROUNDS (3), ONLY=<label>[,<label>], CHANGE_FEED_COST=1 (adds errand without the change feed triggers),
 *   #      GRAPHILE_DEFAULTS=1 (adds graphile-worker with its default settings: no local queue or batching)
 */
import { type BenchSystem, checkpoint, runOnceProcess, timed } from "./benchSystem.js";
import { postgresCpuMs } from "./cpuMeter.js";
import { errandSystem } from "./errandSide.js";
import { floorSystem } from "./floorSide.js";
import { graphileSystem } from "./graphileSide.js";
import { type Figures, printTable, summarize } from "./report.js";

const URL = process.env.ERRAND_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const JOB_COUNT = Number(process.env.JOB_COUNT ?? 200_000);
const PARALLELISM = 4;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 24);
const SAMPLES = Number(process.env.SAMPLES ?? 1_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

async function measure(system: BenchSystem): Promise<Figures> {
  const log = (message: string) => console.log(`  ${message}`);
  await system.install();
  const settings = {
    system: system.name,
    url: URL,
    schema: system.schema,
    concurrency: CONCURRENCY,
    ...system.runner,
  };
  let startupCpu = 0;
  const startupMs = await timed(async () => {
    startupCpu = await runOnceProcess(settings);
  });
  log(`start-up and shut-down of one runner on an empty queue: ${startupMs.toFixed(0)} ms`);
  const enqueueMs = await timed(() => system.enqueue(JOB_COUNT));
  log(`enqueued ${JOB_COUNT} tasks in one call: ${enqueueMs.toFixed(0)} ms`);
  // Each drain starts right after a checkpoint: otherwise whoever runs after one pays for the
  // full-page writes, and the checkpointer's work lands in whichever drain is running.
  await checkpoint(URL);
  const postgresBefore = postgresCpuMs();
  let runnerCpu: number[] = [];
  const drainMs = await timed(async () => {
    runnerCpu = await Promise.all(Array.from({ length: PARALLELISM }, () => runOnceProcess(settings)));
  });
  const postgresAfter = postgresCpuMs();
  const left = await system.left();
  if (left !== 0) throw new Error(`${system.name}: ${left} tasks left after the runners exited`);
  const tasksPerSecond = (1000 * JOB_COUNT) / (drainMs - startupMs);
  const per1k = (ms: number) => (1000 * ms) / JOB_COUNT;
  const runnerCpuPer1k = per1k(runnerCpu.reduce((sum, ms) => sum + ms, 0) - PARALLELISM * startupCpu);
  const postgresCpuPer1k =
    postgresBefore === null || postgresAfter === null ? Number.NaN : per1k(postgresAfter - postgresBefore);
  log(
    `${PARALLELISM} runners x ${CONCURRENCY} drained them in ${drainMs.toFixed(0)} ms: ${tasksPerSecond.toFixed(0)} tasks/s; ` +
      `CPU per 1,000 tasks: runners ${runnerCpuPer1k.toFixed(0)} ms, Postgres ${postgresCpuPer1k.toFixed(0)} ms`,
  );
  const latencies = await system.latencies(SAMPLES);
  if (latencies.length !== SAMPLES)
    throw new Error(`expected ${SAMPLES} latency samples, got ${latencies.length}`);
  const latency = summarize(latencies);
  log(`latency ms: ${JSON.stringify(latency)}`);
  await system.drop();
  return { enqueueMs, startupMs, drainMs, tasksPerSecond, runnerCpuPer1k, postgresCpuPer1k, latency };
}

type Variant = [label: string, make: () => BenchSystem];
const variants: Variant[] = [
  ["graphile-worker", () => graphileSystem(URL)],
  ["errand", () => errandSystem(URL)],
  ["raw floor", () => floorSystem(URL)],
];
if (process.env.CHANGE_FEED_COST) {
  variants.push(["errand without change feed", () => errandSystem(URL, { withoutChangeFeed: true })]);
}
if (process.env.GRAPHILE_DEFAULTS) {
  variants.push(["graphile-worker defaults", () => graphileSystem(URL, { defaults: true })]);
}
const chosen = variants.filter(([label]) => !process.env.ONLY || process.env.ONLY.split(",").includes(label));

const results = new Map<string, Figures[]>(chosen.map(([label]) => [label, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order, so no system always runs on a server warmed (or dirtied) by another.
  const order = chosen.map((_, i) => chosen[(i + round) % chosen.length]!);
  for (const [label, make] of order) {
    console.log(`\nround ${round + 1}/${ROUNDS}: ${label}`);
    results.get(label)!.push(await measure(make()));
  }
}
console.log(`\nMedians of ${ROUNDS} round(s), ${JOB_COUNT} tasks, ${PARALLELISM} runners x ${CONCURRENCY}:`);
printTable(results, JOB_COUNT);
if (results.has("errand")) {
  const notify = errandSystem(URL, { viaNotify: true });
  await notify.install();
  const latency = summarize(await notify.latencies(SAMPLES));
  console.log(
    `\nerrand latency when only LISTEN/NOTIFY wakes the runner (trigger from another pool): ${JSON.stringify(latency)}`,
  );
  await notify.drop();
}
