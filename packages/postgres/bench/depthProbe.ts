/**
 * Why a turn gets slower as a deep queue drains: one client, no runners, drains QUEUED tasks (default
 * 1,000,000) in turns of 512 (settle the last turn's tasks, claim the next), first through errand's
 * `settleAndClaim`, then with the raw floor's two statements (bench/floorSide.ts) on a fresh schema.
 * For each tenth of the drain it prints the median turn and the claim index's blocks read per turn
 * (pg_statio_user_indexes): the drained tasks' entries stay in the claim index, dead, until a
 * vacuum removes them, and every claim steps over them.
 *
 *   npx tsx bench/depthProbe.ts        # env: ERRAND_PG_URL, QUEUED
 */
import { createErrand } from "@errand/core";
import { serialize } from "@errand/core/store";
import { postgresStore } from "../src/index.js";
import { benchSchema } from "./benchSystem.js";
import { fillQueue, noop } from "./noopQueue.js";
import { median } from "./report.js";

const URL = process.env.ERRAND_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const QUEUED = Number(process.env.QUEUED ?? 1_000_000);
const TURN = 512;
interface Tenth {
  medianMs: number;
  claimIndexBlocks: number;
}

async function drain(mode: "errand" | "floor"): Promise<Tenth[]> {
  const schema = benchSchema("errand_depth");
  const store = postgresStore({ connectionString: URL, schema });
  const errand = createErrand({ tasks: { noop }, store });
  try {
    await store.init();
    await fillQueue(errand, store, schema, QUEUED);
    const claimIndexBlocks = async () =>
      Number(
        (
          await store.pool.query(
            `SELECT idx_blks_hit + idx_blks_read AS b FROM pg_statio_user_indexes WHERE schemaname = $1 AND indexrelname = 'tasks_claim_idx'`,
            [schema],
          )
        ).rows[0].b,
      );
    const tasks = `"${schema}".tasks`;
    const floorClaim = `UPDATE ${tasks} SET status = 'running', attempt = attempt + 1, lease_owner = 'floor',
        lease_expires_at = $1 + 60000, started_at = $1, updated_at = $1
      WHERE id IN (SELECT id FROM ${tasks} WHERE status = 'pending' AND run_at <= $1
        ORDER BY priority DESC, run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id`;
    const floorDone = `UPDATE ${tasks} SET status = 'success', output = '{"json":null}', lease_owner = NULL,
        lease_expires_at = NULL, finished_at = $2, updated_at = $2 WHERE id = ANY($1::uuid[])`;
    const output = serialize(null);
    const tenths: Tenth[] = [];
    let held: { id: string; leaseNumber: number; attempt: number }[] = [];
    let done = 0;
    let times: number[] = [];
    let blocksBefore = await claimIndexBlocks();
    for (;;) {
      const now = Date.now();
      const start = performance.now();
      if (mode === "errand") {
        const settlements = held.map(({ id, leaseNumber, attempt }) => ({
          id,
          runnerId: "probe",
          leaseNumber,
          attempt,
          outcome: { type: "success" as const, output },
        }));
        const claim = { runnerId: "probe", names: ["noop"], limit: TURN, leaseMs: 60_000, now };
        held = (await store.settleAndClaim!(settlements, now, "aborted", claim)).claimed;
      } else {
        if (held.length > 0) await store.pool.query(floorDone, [held.map(({ id }) => id), now]);
        const { rows } = await store.pool.query<{ id: string }>(floorClaim, [now, TURN]);
        held = rows.map(({ id }) => ({ id, leaseNumber: 0, attempt: 0 }));
      }
      times.push(performance.now() - start);
      done += held.length;
      const tenthEnded = held.length === 0 || Math.floor(done / (QUEUED / 10)) > tenths.length;
      if (tenthEnded && times.length > 0 && tenths.length < 10) {
        const blocks = await claimIndexBlocks();
        tenths.push({ medianMs: median(times), claimIndexBlocks: (blocks - blocksBefore) / times.length });
        times = [];
        blocksBefore = blocks;
      }
      if (held.length === 0) break;
    }
    return tenths;
  } finally {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await errand.close();
  }
}

const errandTenths = await drain("errand");
const floorTenths = await drain("floor");
console.log(
  `\nOne client draining ${QUEUED.toLocaleString("en-US")} tasks in turns of ${TURN}, by tenth of the drain:\n`,
);
console.log(
  "| tenth | errand turn ms (median) | errand claim-index blocks / turn | floor turn ms (median) | floor claim-index blocks / turn |",
);
console.log("| ---: | ---: | ---: | ---: | ---: |");
for (let i = 0; i < Math.max(errandTenths.length, floorTenths.length); i++) {
  const e = errandTenths[i];
  const f = floorTenths[i];
  console.log(
    `| ${i + 1} | ${e?.medianMs.toFixed(2) ?? "-"} | ${e?.claimIndexBlocks.toFixed(0) ?? "-"} | ${f?.medianMs.toFixed(2) ?? "-"} | ${f?.claimIndexBlocks.toFixed(0) ?? "-"} |`,
  );
}
