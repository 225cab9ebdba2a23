/**
 * What concurrent claimers cost Postgres, without runner processes: CLIENTS loops (default 4 and 8)
 * in this one process, each on its own connection, drain QUEUED no-op tasks (default 300,000) in
 * turns of 512, for three systems on fresh schemas:
 * - errand: the store's `settleAndClaim` (the last turn's outcomes and the next claim);
 * - errand without the change feed: the same with the tasks table's triggers disabled;
 * - floor: bench/floorSide.ts's claim of 500 and its UPDATE marking them done (triggers on).
 * Printed: tasks/s and the Postgres server's CPU per 1,000 tasks, medians of ROUNDS (default 2)
 * interleaved rounds, and 8 clients against 4. scale.ts's runner processes add their own start-up
 * and their share of 2 cores; this leaves only what the database does as claimers are added.
 *
 *   npx tsx bench/claimContention.ts   # env: ERRAND_PG_URL, QUEUED, CLIENTS, ROUNDS
 */
import { createErrand } from "@errand/core";
import { serialize } from "@errand/core/store";
import { postgresStore } from "../src/index.js";
import { benchSchema, checkpoint, timed } from "./benchSystem.js";
import { postgresCpuMs } from "./cpuMeter.js";
import { runFloorOnce } from "./floorSide.js";
import { fillQueue, noop } from "./noopQueue.js";
import { median } from "./report.js";

const URL = process.env.ERRAND_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const QUEUED = Number(process.env.QUEUED ?? 300_000);
const CLIENTS = (process.env.CLIENTS ?? "4,8").split(",").map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const TURN = 512;
const SYSTEMS = ["errand", "errand without the change feed", "floor"] as const;
type System = (typeof SYSTEMS)[number];

/** One client's loop on errand's store: settle the last turn, claim the next, until none is left. */
async function errandLoop(store: ReturnType<typeof postgresStore>, runnerId: string): Promise<void> {
  const output = serialize(null);
  let held: { id: string; leaseNumber: number; attempt: number }[] = [];
  for (;;) {
    const now = Date.now();
    const settlements = held.map(({ id, leaseNumber, attempt }) => ({
      id,
      runnerId,
      leaseNumber,
      attempt,
      outcome: { type: "success" as const, output },
    }));
    const claim = { runnerId, names: ["noop"], limit: TURN, leaseMs: 60_000, now };
    held = (await store.settleAndClaim!(settlements, now, "aborted", claim)).claimed;
    if (held.length === 0) return;
  }
}

async function drain(system: System, clients: number): Promise<{ perSecond: number; postgresCpu: number }> {
  const schema = benchSchema("errand_contention");
  // Its own pool only for errand's loops; the vacuum stays off so that only the claims are counted.
  const store = postgresStore({ connectionString: URL, schema, maxConnections: clients + 1, vacuum: false });
  const errand = createErrand({ tasks: { noop }, store });
  try {
    await store.init();
    await fillQueue(errand, store, schema, QUEUED);
    if (system === "errand without the change feed") {
      await store.pool.query(`ALTER TABLE "${schema}".tasks DISABLE TRIGGER USER`);
    }
    await checkpoint(URL);
    const before = postgresCpuMs() ?? Number.NaN;
    const ms = await timed(() =>
      Promise.all(
        Array.from({ length: clients }, (_, i) =>
          system === "floor" ? runFloorOnce(URL, schema) : errandLoop(store, `client-${i}`),
        ),
      ),
    );
    const postgresCpu = (1000 * ((postgresCpuMs() ?? Number.NaN) - before)) / QUEUED;
    const { rows } = await store.pool.query(
      `SELECT count(*)::int AS n FROM "${schema}".tasks WHERE status <> 'success'`,
    );
    if (rows[0].n !== 0) throw new Error(`${system}: ${rows[0].n} tasks were not done after the drain`);
    return { perSecond: (1000 * QUEUED) / ms, postgresCpu };
  } finally {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await errand.close();
  }
}

const results = new Map<string, { perSecond: number; postgresCpu: number }[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const clients of CLIENTS) {
    for (let s = 0; s < SYSTEMS.length; s++) {
      const system = SYSTEMS[(s + round) % SYSTEMS.length]!;
      const figures = await drain(system, clients);
      console.error(
        `round ${round + 1}: ${system}, ${clients} clients: ${figures.perSecond.toFixed(0)} tasks/s, Postgres CPU ${figures.postgresCpu.toFixed(1)} ms / 1k`,
      );
      const key = `${system}|${clients}`;
      results.set(key, [...(results.get(key) ?? []), figures]);
    }
  }
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(
  `\n${fmt(QUEUED)} tasks drained in turns of ${TURN} by concurrent clients of one process, medians of ${ROUNDS} round(s):\n`,
);
console.log(
  `| system | ${CLIENTS.map((c) => `${c} clients: tasks/s | Postgres CPU ms / 1k`).join(" | ")} | ${CLIENTS.at(-1)} / ${CLIENTS[0]} |`,
);
console.log(`| --- |${" ---: | ---: |".repeat(CLIENTS.length)} ---: |`);
for (const system of SYSTEMS) {
  const cells = CLIENTS.map((clients) => {
    const runs = results.get(`${system}|${clients}`)!;
    return {
      perSecond: median(runs.map((r) => r.perSecond)),
      postgresCpu: median(runs.map((r) => r.postgresCpu)),
    };
  });
  const ratio = cells.at(-1)!.perSecond / cells[0]!.perSecond;
  console.log(
    `| ${system} | ${cells.map((c) => `${fmt(c.perSecond)} | ${fmt(c.postgresCpu, 1)}`).join(" | ")} | ${fmt(ratio, 2)}x |`,
  );
}
