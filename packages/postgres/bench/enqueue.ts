/**
 * Bulk enqueue on Postgres: JOB_COUNT no-op tasks in one call, errand's `triggerMany` beside
 * graphile-worker 0.17's `add_jobs` and the insert floor (floorSide.ts), each into a fresh schema,
 * in interleaved rounds whose order rotates. Prints medians of wall time, this process's CPU and
 * the Postgres server's CPU (all its processes, so other clients' work lands there too).
 *
 *   npx tsx bench/enqueue.ts
 *   # env: ERRAND_PG_URL, JOB_COUNT (200000), ROUNDS (3), ONLY=<label>[,<label>]
 */
import { timed } from "./benchSystem.js";
import { postgresCpuMs } from "./cpuMeter.js";
import { errandSystem } from "./errandSide.js";
import { floorSystem } from "./floorSide.js";
import { graphileSystem } from "./graphileSide.js";
import { median } from "./report.js";

const URL = process.env.ERRAND_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const JOB_COUNT = Number(process.env.JOB_COUNT ?? 200_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

interface EnqueueSystem {
  install(): Promise<void>;
  enqueue(count: number): Promise<void>;
  drop(): Promise<void>;
}
interface Figures {
  wallMs: number;
  nodeCpuMs: number;
  postgresCpuMs: number;
}

const systems: [string, (url: string) => EnqueueSystem][] = [
  ["insert floor", floorSystem],
  ["graphile-worker", graphileSystem],
  ["errand", errandSystem],
];
const chosen = systems.filter(([label]) => !process.env.ONLY || process.env.ONLY.split(",").includes(label));

async function measure(system: EnqueueSystem): Promise<Figures> {
  await system.install();
  const cpuBefore = process.cpuUsage();
  const postgresBefore = postgresCpuMs() ?? Number.NaN;
  const wallMs = await timed(() => system.enqueue(JOB_COUNT));
  const postgresAfter = postgresCpuMs() ?? Number.NaN;
  const cpu = process.cpuUsage(cpuBefore);
  await system.drop();
  return { wallMs, nodeCpuMs: (cpu.user + cpu.system) / 1000, postgresCpuMs: postgresAfter - postgresBefore };
}

const results = new Map<string, Figures[]>(chosen.map(([label]) => [label, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = chosen.map((_, i) => chosen[(i + round) % chosen.length]!);
  for (const [label, make] of order) {
    const figures = await measure(make(URL));
    results.get(label)!.push(figures);
    console.log(
      `round ${round + 1}/${ROUNDS} ${label}: ${figures.wallMs.toFixed(0)} ms, node CPU ${figures.nodeCpuMs.toFixed(0)} ms, Postgres CPU ${figures.postgresCpuMs.toFixed(0)} ms`,
    );
  }
}

const rate = (label: string) => (1000 * JOB_COUNT) / median(results.get(label)!.map((f) => f.wallMs));
console.log(`\nEnqueue of ${JOB_COUNT} tasks in one call, medians of ${ROUNDS} round(s):`);
console.log(
  `${"".padEnd(18)}${"tasks/s".padStart(10)}${"wall ms".padStart(10)}${"node CPU".padStart(10)}${"pg CPU".padStart(10)}`,
);
for (const [label, figures] of results) {
  const cell = (pick: (f: Figures) => number) => median(figures.map(pick)).toFixed(0).padStart(10);
  console.log(
    `${label.padEnd(18)}${rate(label).toFixed(0).padStart(10)}${cell((f) => f.wallMs)}${cell((f) => f.nodeCpuMs)}${cell((f) => f.postgresCpuMs)}`,
  );
}
if (results.has("errand")) {
  for (const reference of ["graphile-worker", "insert floor"].filter((label) => results.has(label))) {
    console.log(`errand / ${reference}: ${(rate("errand") / rate(reference)).toFixed(2)}x`);
  }
}
