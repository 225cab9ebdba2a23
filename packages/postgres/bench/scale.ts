/**
 * Whether errand on Postgres keeps its pace as the queue grows and as runner processes are added,
 * with its defaults.
 *
 * 1. Queue depth: for each of QUEUED (default 20,000, 200,000, 1,000,000) a fresh schema is filled
 *    with that many no-op tasks and drained by 4 runner processes x 24; printed: tasks/s over the
 *    whole drain and by quarter of it, and the median claim statement (combined with the turn's
 *    settlements, as the runner sends it) by quarter.
 * 2. Runners: RUNNER_QUEUED tasks (default 200,000) drained by 1, 2, 4 and 8 runner processes x 24,
 *    and by as many graphile-worker 0.17.3 processes (its perfTest settings, GRAPHILE=0 to skip)
 *    and floor processes (`floorSide.ts`: claim 500, mark them done; FLOOR=0 to skip) right after
 *    each: whether a peer, and SQL with no runner around it, keep their pace as processes are
 *    added on the same machine.
 *    Both are timed the same way for this: from "go" until every process has found the queue empty.
 *
 * The runner processes start and connect first, then all begin together (`runTogether`), and
 * their CPU is counted from then on: a process spends about a second of CPU loading its modules,
 * which on 2 cores, 8 processes starting during the drain took from it (8 runners / 4 read 0.75x
 * counted that way). Printed as well: CPU per 1,000 tasks of the runners and of Postgres, both
 * from "go". WARM=n: each runner process (both systems) first drains n tasks of its own, so that
 * the measured drain finds its code already compiled, as a long-lived runner's would be.
 *
 *   npx tsx bench/scale.ts            # env: ERRAND_PG_URL, QUEUED, RUNNERS, RUNNER_QUEUED, CONCURRENCY,
 *                                     # GRAPHILE, FLOOR, WARM, ERRAND_VACUUM=0 (runners leave the vacuum to autovacuum)
 */
import { createErrand } from "@errand/core";
import { postgresStore } from "../src/index.js";
import { benchSchema, checkpoint, runTogether } from "./benchSystem.js";
import { CLAIMS_TAG, postgresCpuMs } from "./cpuMeter.js";
import { floorSystem } from "./floorSide.js";
import { graphileSystem } from "./graphileSide.js";
import { fillQueue, noop } from "./noopQueue.js";
import { median } from "./report.js";

const URL = process.env.ERRAND_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** A comma-separated list; a 0 in it stands for none, so QUEUED=0 skips the depth drains. */
const list = (value: string | undefined, fallback: number[]) =>
  value ? value.split(",").map(Number).filter(Boolean) : fallback;
const QUEUED = list(process.env.QUEUED, [20_000, 200_000, 1_000_000]);
const RUNNERS = list(process.env.RUNNERS, [1, 2, 4, 8]);
const RUNNER_QUEUED = Number(process.env.RUNNER_QUEUED ?? 200_000);
const GRAPHILE = process.env.GRAPHILE !== "0";
const FLOOR = process.env.FLOOR !== "0";
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 24);
/** Tasks each runner process drains on its own before "go" (`warmTasks`); 0: none. */
const WARM = Number(process.env.WARM ?? 0);

interface Drain {
  queued: number;
  runners: number;
  tasksPerSecond: number;
  /** Tasks finished per second in each quarter of the drain's time. */
  quarterRates: number[];
  /** Median claim statement in each quarter, ms. */
  quarterClaimMs: number[];
  claimMs: number;
  /** CPU per 1,000 tasks over the drain: all runner processes, and the Postgres server (null: unreadable). */
  runnerCpuMs: number;
  postgresCpuMs: number | null;
  /** Tasks per second from "go" until every runner process exited on an empty queue. */
  wallTasksPerSecond: number;
}

async function drain(queued: number, runners: number): Promise<Drain> {
  const schema = benchSchema("errand_scale");
  const store = postgresStore({ connectionString: URL, schema });
  const errand = createErrand({ tasks: { noop }, store });
  try {
    await store.init();
    await fillQueue(errand, store, schema, queued);
    await checkpoint(URL);
    const settings = {
      system: "errand" as const,
      url: URL,
      schema,
      concurrency: CONCURRENCY,
      claimTimes: true,
      warmTasks: WARM,
    };
    // Counted from "go": not the processes' start-up (nor their warm-up drains, with WARM).
    let postgresBefore: number | null = null;
    const { reports, msFromGo: wallMs } = await runTogether(settings, runners, () => {
      postgresBefore = postgresCpuMs();
    });
    const postgresAfter = postgresCpuMs();
    // The drain runs from the first task finished to the last: runner processes take a second to
    // start (graphile-worker's perfTest subtracts it too), and that is not the queue's pace.
    const window = await store.pool.query<{ first: number; last: number; done: number }>(
      `SELECT min(finished_at)::float8 AS first, max(finished_at)::float8 AS last, count(*)::int AS done
       FROM "${schema}".tasks WHERE status = 'success'`,
    );
    const { first: started, last: ended, done } = window.rows[0]!;
    if (done !== queued) throw new Error(`${queued - done} of ${queued} tasks were not done after the drain`);
    const drainMs = Math.max(1, ended - started);
    const quarter = (at: number) => Math.min(3, Math.floor((4 * (at - started)) / drainMs));
    const { rows } = await store.pool.query<{ q: number; n: number }>(
      `SELECT least(3, floor(4 * (finished_at - $1) / $2::float8))::int AS q, count(*)::int AS n
       FROM "${schema}".tasks WHERE status = 'success' GROUP BY 1`,
      [started, drainMs],
    );
    const claims = reports.flatMap(({ stdout }) => {
      const line = stdout.split("\n").find((l) => l.startsWith(CLAIMS_TAG));
      return line ? (JSON.parse(line.slice(CLAIMS_TAG.length)) as [number, number][]) : [];
    });
    const quarterMs = drainMs / 4;
    return {
      queued,
      runners,
      tasksPerSecond: (1000 * queued) / drainMs,
      quarterRates: [0, 1, 2, 3].map((q) => (1000 * (rows.find((row) => row.q === q)?.n ?? 0)) / quarterMs),
      // Claims before the first task finished or after the last (the final empty ones) are left out.
      quarterClaimMs: [0, 1, 2, 3].map((q) =>
        median(
          claims.filter(([at]) => at >= started && at <= ended && quarter(at) === q).map(([, ms]) => ms),
        ),
      ),
      claimMs: median(claims.map(([, ms]) => ms)),
      runnerCpuMs: (1000 * reports.reduce((sum, report) => sum + report.cpuMs, 0)) / queued,
      postgresCpuMs:
        postgresBefore === null || postgresAfter === null
          ? null
          : (1000 * (postgresAfter - postgresBefore)) / queued,
      wallTasksPerSecond: (1000 * queued) / wallMs,
    };
  } finally {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await errand.close();
  }
}

/**
 * A reference's drain of the same queue by `runners` processes: tasks/s from "go" to empty.
 * graphile-worker with its perfTest settings; the floor with its claim-500-and-complete loop, one
 * connection a process, so its ratio says what adding processes costs with no runner code at all.
 */
async function referenceDrain(
  name: "graphile-worker" | "floor",
  queued: number,
  runners: number,
): Promise<number> {
  const system = name === "floor" ? floorSystem(URL) : graphileSystem(URL);
  try {
    await system.install();
    await system.enqueue(queued);
    await checkpoint(URL);
    const settings = {
      system: name,
      url: URL,
      schema: system.schema,
      concurrency: CONCURRENCY,
      // Its perfTest's concurrency + 1 connections each would pass max_connections (100) at 8.
      graphilePoolSize: Math.min(CONCURRENCY + 1, Math.floor(80 / runners)),
      warmTasks: WARM,
    };
    const { msFromGo: ms } = await runTogether(settings, runners);
    const left = await system.left();
    if (left !== 0) throw new Error(`${name} left ${left} of ${queued} tasks after the drain`);
    return (1000 * queued) / ms;
  } finally {
    await system.drop();
  }
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** CPU per 1,000 tasks, runners / Postgres. */
const cpu = (d: Drain) =>
  `${fmt(d.runnerCpuMs)} / ${d.postgresCpuMs === null ? "n/a" : fmt(d.postgresCpuMs)}`;
/** Printed only when it has rows. */
const table = (title: string, header: string[], rows: string[][]) => {
  if (rows.length === 0) return;
  console.log(title);
  console.log(`| ${header.join(" | ")} |`);
  console.log(`| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
};

const depth: Drain[] = [];
for (const queued of QUEUED) {
  console.error(`draining ${queued} queued with 4 runners...`);
  depth.push(await drain(queued, 4));
}
const byRunners: (Drain & { graphile: number | null; floor: number | null })[] = [];
for (const runners of RUNNERS) {
  console.error(`draining ${RUNNER_QUEUED} queued with ${runners} runner(s)...`);
  const errandDrain = await drain(RUNNER_QUEUED, runners);
  byRunners.push({
    ...errandDrain,
    graphile: GRAPHILE ? await referenceDrain("graphile-worker", RUNNER_QUEUED, runners) : null,
    floor: FLOOR ? await referenceDrain("floor", RUNNER_QUEUED, runners) : null,
  });
}

table(
  `\nQueue depth: 4 runner processes x ${CONCURRENCY}, defaults\n`,
  [
    "queued",
    "tasks/s",
    "by quarter of the drain",
    "claim ms (median)",
    "claim ms by quarter",
    "CPU ms / 1k tasks: runners / Postgres",
  ],
  depth.map((d) => [
    fmt(d.queued),
    fmt(d.tasksPerSecond),
    d.quarterRates.map((r) => fmt(r)).join(" / "),
    fmt(d.claimMs, 2),
    d.quarterClaimMs.map((ms) => fmt(ms, 2)).join(" / "),
    cpu(d),
  ]),
);
const base = depth.find((d) => d.queued === 200_000);
const million = depth.find((d) => d.queued === 1_000_000);
if (base && million)
  console.log(
    `\n1M queued / 200k queued: ${(million.tasksPerSecond / base.tasksPerSecond).toFixed(2)}x (target >= 0.9x)`,
  );

table(
  `\nRunner processes: ${fmt(RUNNER_QUEUED)} queued, x ${CONCURRENCY} each, defaults\n`,
  [
    "runners",
    "tasks/s",
    "claim ms (median)",
    "CPU ms / 1k tasks: runners / Postgres",
    "go to empty: errand",
    "go to empty: graphile-worker",
    "go to empty: floor",
  ],
  byRunners.map((d) => [
    String(d.runners),
    fmt(d.tasksPerSecond),
    fmt(d.claimMs, 2),
    cpu(d),
    fmt(d.wallTasksPerSecond),
    d.graphile === null ? "-" : fmt(d.graphile),
    d.floor === null ? "-" : fmt(d.floor),
  ]),
);
const withRunners = (n: number) => byRunners.filter((d) => d.runners === n);
const four = withRunners(4);
const eight = withRunners(8);
if (four.length > 0 && eight.length > 0) {
  const ratio = (of: (d: (typeof byRunners)[number]) => number | null) =>
    (median(eight.map((d) => of(d) ?? Number.NaN)) / median(four.map((d) => of(d) ?? Number.NaN))).toFixed(2);
  console.log(
    `\n8 runners / 4 runners (medians): errand ${ratio((d) => d.tasksPerSecond)}x (target >= 1x); go to empty: errand ${ratio((d) => d.wallTasksPerSecond)}x, graphile-worker ${ratio((d) => d.graphile)}x, floor ${ratio((d) => d.floor)}x`,
  );
}
