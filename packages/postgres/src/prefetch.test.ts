import { afterEach, beforeEach, expect, it } from "vitest";
import { waitFor } from "../test/support/backends.js";
import { describePg, openFreshStore, storeIn, withAdmin } from "../test/support/database.js";
import { orderedRowsForTest } from "../test/support/rows.js";
import type { PostgresStore } from "./index.js";

describePg("prefetch", () => {
  let store: PostgresStore;
  let schema: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, schema, cleanup } = await openFreshStore({ prefetch: 10 }));
  });
  afterEach(() => cleanup());

  const count = async (status: string) =>
    (await store.pool.query(`SELECT count(*)::int AS n FROM "${schema}".tasks WHERE status = $1`, [status]))
      .rows[0].n as number;
  const claim = (on: PostgresStore, limit: number, now = Date.now(), runnerId = "w1", leaseMs = 30_000) =>
    on.claim({ runnerId, names: ["work"], limit, leaseMs, now });

  it("leases more than asked and serves the same runner's next claims from memory, in claim order", async () => {
    const rows = orderedRowsForTest(20).map((row, i) => ({ ...row, priority: 20 - i }));
    await store.insert(rows);
    const first = await claim(store, 2);
    expect(await count("running")).toBe(12);
    const next = await claim(store, 5);
    expect(await count("running")).toBe(12);
    expect([...first, ...next].map((r) => r.id)).toEqual(rows.slice(0, 7).map((r) => r.id));
  });

  it("keeps buffered tasks from other runners and other stores", async () => {
    await store.insert(orderedRowsForTest(20));
    await claim(store, 2);
    const other = storeIn(schema);
    const taken = await claim(other, 20, Date.now(), "w2");
    await other.close();
    expect(taken).toHaveLength(8);
    const mine = [...(await claim(store, 10))];
    expect(mine).toHaveLength(10);
    expect(new Set([...taken, ...mine].map((r) => r.id)).size).toBe(18);
  });

  it("extends buffered leases on the runner's heartbeat, reporting only the ids it asked about", async () => {
    await store.insert(orderedRowsForTest(5));
    const now = Date.now();
    const [active] = await claim(store, 1, now);
    const result = await store.heartbeat({
      runnerId: "w1",
      leases: [{ id: active!.id, leaseNumber: active!.leaseNumber }],
      leaseMs: 30_000,
      now: now + 5_000,
    });
    expect(result).toEqual({ lost: [], abortRequested: [] });
    const { rows } = await store.pool.query(
      `SELECT DISTINCT lease_expires_at::float8 AS at FROM "${schema}".tasks WHERE status = 'running'`,
    );
    expect(rows).toEqual([{ at: now + 35_000 }]);
  });

  it("hands back buffered tasks unrun, attempt not counted: when stale, on the sweep, and on close", async () => {
    await store.insert(orderedRowsForTest(30));
    const now = Date.now();
    await claim(store, 1, now, "w1", 3_000);
    expect(await count("running")).toBe(11);
    // A third of the lease later the buffered ten may not be handed out: given back, claimed afresh.
    const [later] = await claim(store, 1, now + 1_100, "w1", 3_000);
    expect(later!.attempt).toBe(1);
    expect(await count("running")).toBe(12);
    // Runner w3 never claims again: its short-leased buffer goes back on the sweep (wall clock).
    await claim(store, 1, now + 1_100, "w3", 600);
    expect(await count("running")).toBe(23);
    await waitFor(async () => (await count("running")) === 13, 5_000);
    await store.close();
    const { rows } = await withAdmin((client) =>
      client.query(
        `SELECT status, attempt, count(*)::int AS n FROM "${schema}".tasks GROUP BY 1, 2 ORDER BY 1`,
      ),
    );
    expect(rows).toEqual([
      { status: "pending", attempt: 0, n: 27 },
      { status: "running", attempt: 1, n: 3 },
    ]);
  });

  it("does not count an attempt for a prefetched task whose process died before it started (regression)", async () => {
    // Before: the buffered tasks' leases expired like started ones, and `maxAttempts: 1` failed them unrun.
    const dying = storeIn(schema, { prefetch: 10 });
    await dying.init();
    await store.insert(orderedRowsForTest(5, { maxAttempts: 1 }));
    const now = Date.now();
    const [started] = await claim(dying, 1, now, "w-dead", 1_000);
    // Reads wait for recorded starts: the handed-out task is started in the database now.
    expect((await dying.get(started!.id))!.startedAt).toBe(now);
    expect(await count("running")).toBe(5);
    // The process dies: no close, no sweep, nothing handed back.
    await dying.pool.end();
    const released = await store.releaseExpired({
      now: now + 1_000,
      leaseExpiredError: "expired",
      abortedError: "aborted",
    });
    expect(released).toBe(5);
    const { rows } = await store.pool.query(
      `SELECT id::text, status, attempt FROM "${schema}".tasks ORDER BY status, id`,
    );
    expect(rows.filter((row) => row.status === "pending")).toHaveLength(4);
    expect(rows.every((row) => row.status === "failed" || row.attempt === 0)).toBe(true);
    expect(rows.find((row) => row.id === started!.id)).toMatchObject({ status: "failed", attempt: 1 });
    expect(await store.attempts(started!.id)).toMatchObject([{ attempt: 1, end: "expired" }]);
  });
});
