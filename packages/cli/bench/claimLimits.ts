// Claim throughput with per-key concurrency limits (1,000 keys) beside the plain claim, on one
// store, in the same run: `tsx packages/cli/bench/claimLimits.ts sqlite|postgres [tasks]`.
// (In the CLI package because it depends on both stores.) Each round inserts the backlog, then
// claims batches of 50 and settles each batch (so limited keys free their slots), timing the claims
// only; rounds alternate plain and limited so machine noise falls on both alike. Prints medians.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClaimLimits, NewTaskRow, Store } from "@errand/core/store";
import { postgresStore } from "@errand/postgres";
import { sqliteStore } from "@errand/sqlite";

const kind = process.argv[2];
const TASKS = Number(process.argv[3] ?? 20_000);
const KEYS = 1_000;
const BATCH = 50;
const ROUNDS = 3;
const PG_URL = process.env.ERRAND_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function openStore(): Promise<{ store: Store; cleanup(): Promise<void> }> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "errand-bench-"));
    const store = sqliteStore({ path: join(dir, "bench.db") });
    await store.init();
    return {
      store,
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (kind === "postgres") {
    const schema = `errand_bench_${process.pid}`;
    const store = postgresStore({ connectionString: PG_URL, schema });
    await store.init();
    return {
      store,
      async cleanup() {
        await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
        await store.close();
      },
    };
  }
  throw new Error("usage: tsx packages/cli/bench/claimLimits.ts sqlite|postgres [tasks]");
}

function rows(name: string, keyed: boolean, now: number): NewTaskRow[] {
  return Array.from({ length: TASKS }, (_, i) => ({
    id: crypto.randomUUID(),
    name,
    input: "{}",
    maxAttempts: 3,
    priority: 0,
    runAt: now,
    parentId: null,
    idempotencyKey: null,
    createdAt: now,
    concurrencyKey: keyed ? `tenant-${i % KEYS}` : null,
    rateKey: null,
    debounceKey: null,
  }));
}

/** Tasks claimed per second of time spent in `claim`. */
async function measure(store: Store, name: string, limits: ClaimLimits | undefined): Promise<number> {
  const now = Date.now();
  await store.insert(rows(name, limits !== undefined, now));
  let claimed = 0;
  let claimMs = 0;
  for (;;) {
    const started = performance.now();
    const batch = await store.claim({
      runnerId: "bench",
      names: [name],
      limit: BATCH,
      leaseMs: 60_000,
      now,
      limits,
    });
    claimMs += performance.now() - started;
    if (batch.length === 0) break;
    claimed += batch.length;
    const outcome = { type: "success", output: "null" } as const;
    await store.settle(
      batch.map((row) => ({
        id: row.id,
        runnerId: "bench",
        leaseNumber: row.leaseNumber,
        attempt: row.attempt,
        outcome,
      })),
      now,
      "aborted",
    );
  }
  if (claimed !== TASKS) throw new Error(`claimed ${claimed} of ${TASKS}`);
  return claimed / (claimMs / 1_000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const { store, cleanup } = await openStore();
try {
  const plain: number[] = [];
  const limited: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(await measure(store, `plain${round}`, undefined));
    const limits = { [`keyed${round}`]: { concurrency: { limit: 2 } } };
    limited.push(await measure(store, `keyed${round}`, limits));
  }
  const p = median(plain);
  const l = median(limited);
  console.log(`${kind}: ${TASKS} tasks, claims of ${BATCH}, ${ROUNDS} rounds (medians)`);
  console.log(`  plain claim:                          ${Math.round(p)} tasks/s`);
  console.log(
    `  per-key concurrency (1,000 keys, 2):  ${Math.round(l)} tasks/s  (${(l / p).toFixed(2)}x plain)`,
  );
} finally {
  await cleanup();
}
