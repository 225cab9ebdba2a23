/**
 * errand on Postgres against graphile-worker 0.17 on the same server, in the shape of
 * graphile-worker's perfTest: enqueue JOB_COUNT no-op tasks in one call, drain them with
 * PARALLELISM runner processes x CONCURRENCY ("once" mode, minus one runner's start-up time),
 * then SAMPLES sequential trigger-to-start latencies. Each system gets its own fresh schema.
 *
 *   pnpm --filter @errand/postgres bench          # ERRAND_PG_URL, JOB_COUNT, SAMPLES, ROUNDS, ONLY=errand
 */
import { type BenchSystem, runOnceProcess, timed } from "./benchSystem.js";
import { postgresCpuMs } from "./cpuMeter.js";
import { errandSystem } from "./errandSide.js";
import { graphileSystem } from "./graphileSide.js";

const URL = process.env.ERRAND_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const JOB_COUNT = Number(process.env.JOB_COUNT ?? 200_000);
const PARALLELISM = 4;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 24);
const SAMPLES = Number(process.env.SAMPLES ?? 1_000);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const PREFETCH = Number(process.env.PREFETCH ?? 0);

interface Figures {
  enqueueMs: number;
  startupMs: number;
  drainMs: number;
  tasksPerSecond: number;
  /** CPU ms per 1,000 tasks while draining: runner processes (start-up excluded) and Postgres. */
  runnerCpuPer1k: number;
  postgresCpuPer1k: number;
  latency: ReturnType<typeof summarize>;
}

async function measure(system: BenchSystem): Promise<Figures> {
  const log = (message: string) => console.log(`[${system.name}] ${message}`);
  await system.install();
  const settings = {
    system: system.name,
    url: URL,
    schema: system.schema,
    concurrency: CONCURRENCY,
    prefetch: PREFETCH,
  };
  let startupCpu = 0;
  const startupMs = await timed(async () => {
    startupCpu = await runOnceProcess(settings);
  });
  log(`start-up and shut-down of one runner on an empty queue: ${startupMs.toFixed(0)} ms`);
  const enqueueMs = await timed(() => system.enqueue(JOB_COUNT));
  log(`enqueued ${JOB_COUNT} tasks in one call: ${enqueueMs.toFixed(0)} ms`);
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
  const latency = summarize(await system.latencies(SAMPLES));
  log(`latency ms: ${JSON.stringify(latency)}`);
  await system.drop();
  return { enqueueMs, startupMs, drainMs, tasksPerSecond, runnerCpuPer1k, postgresCpuPer1k, latency };
}

function summarize(latencies: number[]) {
  if (latencies.length !== SAMPLES)
    throw new Error(`expected ${SAMPLES} latency samples, got ${latencies.length}`);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    min: round(sorted[0]!),
    p50: round(at(0.5)),
    avg: round(sorted.reduce((sum, n) => sum + n, 0) / sorted.length),
    p99: round(at(0.99)),
    max: round(sorted.at(-1)!),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function report(results: Record<string, Figures[]>) {
  const rows: [string, (f: Figures) => number, "higher" | "lower"][] = [
    [`enqueue ${JOB_COUNT} (ms)`, (f) => f.enqueueMs, "lower"],
    ["runner start-up (ms)", (f) => f.startupMs, "lower"],
    ["throughput (tasks/s)", (f) => f.tasksPerSecond, "higher"],
    ["runner CPU ms / 1k tasks", (f) => f.runnerCpuPer1k, "lower"],
    ["Postgres CPU ms / 1k tasks", (f) => f.postgresCpuPer1k, "lower"],
    ...(["min", "p50", "avg", "p99", "max"] as const).map(
      (key) =>
        [`latency ${key} (ms)`, (f: Figures) => f.latency[key], "lower"] as [
          string,
          (f: Figures) => number,
          "lower",
        ],
    ),
  ];
  const errand = results.errand ?? [];
  const graphile = results["graphile-worker"] ?? [];
  console.log(
    `\nMedians of ${ROUNDS} round(s); ratio = errand / graphile-worker (better: >1 for throughput, <1 otherwise)`,
  );
  console.log(
    `${"".padEnd(26)}${"errand".padStart(12)}${"graphile-worker".padStart(18)}${"ratio".padStart(9)}`,
  );
  for (const [label, pick] of rows) {
    const a = errand.length ? median(errand.map(pick)) : Number.NaN;
    const b = graphile.length ? median(graphile.map(pick)) : Number.NaN;
    console.log(
      `${label.padEnd(26)}${a.toFixed(1).padStart(12)}${b.toFixed(1).padStart(18)}${(a / b).toFixed(2).padStart(9)}`,
    );
  }
}

const only = process.env.ONLY;
const results: Record<string, Figures[]> = {};
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first, so neither always runs on a server warmed (or dirtied) by the other.
  const order = round % 2 === 0 ? ["graphile-worker", "errand"] : ["errand", "graphile-worker"];
  for (const name of order) {
    if (only && only !== name) continue;
    const system = name === "errand" ? errandSystem(URL) : graphileSystem(URL);
    const figures = await measure(system);
    results[name] = [...(results[name] ?? []), figures];
  }
}
report(results);
if (!only || only === "errand") {
  const notify = errandSystem(URL, { viaNotify: true });
  await notify.install();
  const latency = summarize(await notify.latencies(SAMPLES));
  console.log(
    `\nerrand latency when only LISTEN/NOTIFY wakes the runner (trigger from another pool): ${JSON.stringify(latency)}`,
  );
  await notify.drop();
}
