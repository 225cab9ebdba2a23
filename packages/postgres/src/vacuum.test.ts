import { serialize } from "@errand/core";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { waitFor } from "../test/support/backends.js";
import { describePg, openFreshStore, PG_URL, withAdmin } from "../test/support/database.js";
import { orderedRowsForTest } from "../test/support/rows.js";
import { createContext, type PgContext } from "./context.js";
import type { PostgresStore } from "./index.js";
import type { StoreLogger } from "./options.js";
import { ClaimVacuum, type VacuumPolicy } from "./vacuum.js";

const HOUR = 3_600_000;
const quiet: StoreLogger = { warn: () => {}, error: () => {} };

describePg("ClaimVacuum", () => {
  let store: PostgresStore;
  let schema: string;
  let ctx: PgContext;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    // The store's own vacuum stays off: these tests drive ClaimVacuum themselves.
    ({ store, schema, cleanup } = await openFreshStore({ vacuum: false }));
    ctx = createContext(store.pool, schema);
    // Nor may autovacuum come by: its vacuum of the table would change the statistics these tests
    // read, and make this store's VACUUM (SKIP_LOCKED) skip the table.
    await store.pool.query(`ALTER TABLE ${ctx.tasks} SET (autovacuum_enabled = false)`);
  });
  afterEach(() => cleanup());

  const tableStats = async () =>
    (
      await store.pool.query<{ dead: number; live: number; vacuums: number }>(
        `SELECT n_dead_tup::int AS dead, n_live_tup::int AS live, vacuum_count::int AS vacuums
         FROM pg_stat_user_tables WHERE relid = $1::regclass`,
        [ctx.tasks],
      )
    ).rows[0]!;

  /** Claims and finishes `count` new tasks: two dead row versions each (pending, running). */
  async function drainNew(count: number): Promise<void> {
    const name = `t${Math.random().toString(36).slice(2)}`;
    await store.insert(orderedRowsForTest(count, { runAt: 0, name }));
    const claimed = await store.claim({ runnerId: "r", names: [name], limit: count, leaseMs: HOUR, now: 1 });
    const outcome = { type: "success", output: serialize(null) } as const;
    await store.settle(
      claimed.map((r) => ({ id: r.id, runnerId: "r", leaseNumber: r.leaseNumber, attempt: 1, outcome })),
      2,
      "A",
    );
  }

  /** A vacuum policy for a few rows: looks after every 100 claimed tasks. */
  const policy = (overrides: Partial<VacuumPolicy>): VacuumPolicy => ({
    checkEvery: 100,
    minDead: 0,
    liveFraction: 0,
    minGapMs: 0,
    ...overrides,
  });

  it("looks only after checkEvery claimed tasks, and vacuums once dead rows reach minDead + liveFraction x live", async () => {
    await drainNew(100);
    // The claiming connections report their counts to the statistics within about a second.
    await waitFor(async () => (await tableStats()).dead >= 200 || false);

    const tooFew = new ClaimVacuum(ctx, policy({ minDead: 1_000 }), quiet);
    tooFew.claimed(99);
    expect(await tooFew.settled()).toBeUndefined();
    tooFew.claimed(1);
    expect(await tooFew.settled()).toEqual({ result: "not-due" });
    expect((await tableStats()).vacuums).toBe(0);

    // 100 live rows: due at 150 + 0.5 x 100 = 200 dead.
    const due = new ClaimVacuum(ctx, policy({ minDead: 150, liveFraction: 0.5 }), quiet);
    due.claimed(100);
    expect(await due.settled()).toEqual({ result: "vacuumed" });
    expect(await tableStats()).toMatchObject({ dead: 0, vacuums: 1 });
  });

  it("waits minGapMs after the table's last vacuum, whoever ran it", async () => {
    await drainNew(50);
    await store.pool.query(`VACUUM ${ctx.tasks}`);
    await drainNew(50);
    await waitFor(async () => (await tableStats()).dead >= 100 || false);

    const withGap = new ClaimVacuum(ctx, policy({ minGapMs: HOUR }), quiet);
    withGap.claimed(100);
    expect(await withGap.settled()).toEqual({ result: "not-due" });

    const noGap = new ClaimVacuum(ctx, policy({}), quiet);
    noGap.claimed(100);
    expect(await noGap.settled()).toEqual({ result: "vacuumed" });
    expect((await tableStats()).vacuums).toBe(2);
  });

  it("logs a failed look and keeps counting for the next one", async () => {
    const warnings: string[] = [];
    const logger: StoreLogger = { warn: (_, message) => warnings.push(message), error: () => {} };
    const missing = createContext(store.pool, `${schema}_missing`);
    const vacuum = new ClaimVacuum(missing, policy({ checkEvery: 1 }), logger);
    vacuum.claimed(1);
    expect(await vacuum.settled()).toBeUndefined();
    vacuum.claimed(1);
    expect(await vacuum.settled()).toBeUndefined();
    expect(warnings).toEqual([
      "errand: vacuuming the tasks table failed; autovacuum will do it later",
      "errand: vacuuming the tasks table failed; autovacuum will do it later",
    ]);
  });

  it("as a role that does not own the table: Postgres warns, nothing is vacuumed, nothing fails", async () => {
    await withAdmin(async (admin) => {
      await admin.query(
        "DO $$ BEGIN CREATE ROLE errand_not_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
      );
      await admin.query(`GRANT USAGE ON SCHEMA "${schema}" TO errand_not_owner`);
    });
    const pool = new pg.Pool({ connectionString: PG_URL, options: "-c role=errand_not_owner" });
    const notices: string[] = [];
    pool.on("connect", (client) => client.on("notice", (notice) => notices.push(notice.message ?? "")));
    try {
      const warnings: string[] = [];
      const logger: StoreLogger = { warn: (_, message) => warnings.push(message), error: () => {} };
      const vacuum = new ClaimVacuum(createContext(pool, schema), policy({ checkEvery: 1 }), logger);
      vacuum.claimed(1);
      expect(await vacuum.settled()).toEqual({ result: "vacuumed" });
      expect(warnings).toEqual([]);
      expect(notices.join("\n")).toMatch(
        /permission denied to vacuum|only table or database owner can vacuum it/,
      );
      expect((await tableStats()).vacuums).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it("close cancels a vacuum in flight, without logging it as a failure", async () => {
    // A table of a few hundred pages, and a vacuum that crawls: it sleeps 100 ms after every page
    // it reads (over a minute in all), so it is still running when close() comes, however loaded
    // the machine.
    await drainNew(3_000);
    const slow = new pg.Pool({
      connectionString: PG_URL,
      application_name: "errand-slow-vacuum",
      options: "-c vacuum_cost_delay=100 -c vacuum_cost_limit=1",
    });
    try {
      const warnings: string[] = [];
      const logger: StoreLogger = { warn: (_, message) => warnings.push(message), error: () => {} };
      const slowCtx = createContext(slow, schema);
      const vacuum = new ClaimVacuum(slowCtx, policy({ checkEvery: 1 }), logger);
      vacuum.claimed(1);
      // This vacuum's own backend at work on the table (the pool's application name).
      await waitFor(async () => {
        const { rows } = await store.pool.query(
          `SELECT count(*)::int AS n FROM pg_stat_progress_vacuum p JOIN pg_stat_activity a USING (pid)
           WHERE p.relid = $1::regclass AND a.application_name = 'errand-slow-vacuum'`,
          [ctx.tasks],
        );
        return rows[0].n > 0 || false;
      });
      expect(await vacuum.close()).toEqual({ result: "cancelled" });
      expect(warnings).toEqual([]);
      expect((await tableStats()).vacuums).toBe(0);
    } finally {
      await slow.end();
    }
  });

  it("after close, counts nothing and looks no more", async () => {
    const vacuum = new ClaimVacuum(ctx, policy({ checkEvery: 1 }), quiet);
    vacuum.claimed(1);
    expect(await vacuum.settled()).toEqual({ result: "vacuumed" });
    expect(await vacuum.close()).toBeUndefined();
    vacuum.claimed(100);
    expect(await vacuum.settled()).toBeUndefined();
    expect((await tableStats()).vacuums).toBe(1);
  });

  it("with no policy (vacuum: false) never looks", async () => {
    const vacuum = new ClaimVacuum(ctx, null, quiet);
    vacuum.claimed(1_000_000);
    expect(await vacuum.settled()).toBeUndefined();
  });
});

describePg("postgresStore vacuum option", () => {
  it("vacuums after its claims pass checkEvery, through claim and through settleAndClaim", async () => {
    for (const through of ["claim", "settleAndClaim"] as const) {
      const { store, schema, cleanup } = await openFreshStore({
        vacuum: { checkEvery: 50, minDead: 0, minGapMs: 0 },
      });
      try {
        await store.insert(orderedRowsForTest(50, { runAt: 0 }));
        const claim = { runnerId: "r", limit: 50, leaseMs: HOUR, now: 1 };
        if (through === "settleAndClaim") await store.settleAndClaim!([], 1, "A", claim);
        else await store.claim(claim);
        await waitFor(async () => {
          const { rows } = await store.pool.query<{ n: number }>(
            "SELECT vacuum_count::int AS n FROM pg_stat_user_tables WHERE relid = $1::regclass",
            [`"${schema}".tasks`],
          );
          return rows[0]!.n === 1 || false;
        });
      } finally {
        await cleanup();
      }
    }
  });
});
