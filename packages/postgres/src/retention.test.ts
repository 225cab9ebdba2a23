import { serialize } from "@errand/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { waitFor } from "../test/support/backends.js";
import { describePg, openFreshStore, storeIn, withAdmin } from "../test/support/database.js";
import { orderedRowsForTest } from "../test/support/rows.js";
import { lockKeys } from "./context.js";
import type { PostgresStore } from "./index.js";

const HOUR = 3_600_000;
const T0 = 1_700_000_000_000;

describePg("retention", () => {
  let store: PostgresStore;
  let schema: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, schema, cleanup } = await openFreshStore());
  });
  afterEach(() => cleanup());

  /** `count` tasks finished at `at` (success), each with a log line. */
  async function finished(on: PostgresStore, count: number, at: number): Promise<string[]> {
    const rows = orderedRowsForTest(count, { runAt: at, name: `done-${at}` });
    await on.insert(rows);
    const claimed = await on.claim({
      runnerId: "w",
      names: [`done-${at}`],
      limit: count,
      leaseMs: HOUR,
      now: at,
    });
    await on.appendLogs(
      claimed.map((r) => ({ taskId: r.id, attempt: 1, at, level: "info", message: "x", data: null })),
    );
    const outcome = { type: "success", output: serialize(1) } as const;
    await on.settle(
      claimed.map((r) => ({ id: r.id, runnerId: "w", leaseNumber: r.leaseNumber, attempt: 1, outcome })),
      at,
      "A",
    );
    return rows.map((r) => r.id);
  }
  const logCount = async () =>
    (await store.pool.query(`SELECT count(*)::int AS n FROM "${schema}".task_logs`)).rows[0].n as number;

  it("deletes finished tasks older than maxAgeMs with their logs, and never pending or running ones", async () => {
    const old = await finished(store, 30, T0);
    const recent = await finished(store, 20, T0 + 5 * HOUR);
    const [pending, running] = orderedRowsForTest(2, { runAt: T0 });
    await store.insert([pending!, { ...running!, name: "busy" }]);
    await store.claim({ runnerId: "w", names: ["busy"], limit: 1, leaseMs: HOUR, now: T0 });
    const cleaner = storeIn(schema, { retention: { maxAgeMs: 2 * HOUR } });
    expect(await cleaner.runRetention(T0 + 6 * HOUR)).toEqual({ result: "done", deleted: 30 });
    await cleaner.close();
    for (const id of old) expect(await store.get(id)).toBeNull();
    for (const id of [...recent, pending!.id, running!.id]) expect(await store.get(id)).not.toBeNull();
    expect(await logCount()).toBe(20);
  });

  it("keeps only the newest maxCount finished tasks", async () => {
    const oldest = await finished(store, 10, T0);
    const middle = await finished(store, 10, T0 + HOUR);
    const newest = await finished(store, 10, T0 + 2 * HOUR);
    const trimmed = storeIn(schema, { retention: { maxCount: 15 } });
    expect(await trimmed.runRetention(T0 + 3 * HOUR)).toEqual({ result: "done", deleted: 15 });
    expect(await trimmed.runRetention(T0 + 3 * HOUR)).toEqual({ result: "done", deleted: 0 });
    await trimmed.close();
    for (const id of oldest) expect(await store.get(id)).toBeNull();
    const left = await Promise.all([...middle, ...newest].map((id) => store.get(id)));
    expect(left.filter((row) => row !== null)).toHaveLength(15);
    for (const id of newest) expect(await store.get(id)).not.toBeNull();
  });

  it("skips while another process holds the cleanup lock", async () => {
    await finished(store, 5, T0);
    const cleaner = storeIn(schema, { retention: { maxAgeMs: 1 } });
    await withAdmin(async (client) => {
      await client.query("SELECT pg_advisory_lock($1, $2)", lockKeys(schema, "retention"));
      expect(await cleaner.runRetention(T0 + HOUR)).toEqual({ result: "skipped" });
    });
    expect(await cleaner.runRetention(T0 + HOUR)).toEqual({ result: "done", deleted: 5 });
    await cleaner.close();
  });

  it("runs on its own timer once init() has run, until close()", async () => {
    const timed = storeIn(schema, { retention: { maxAgeMs: 1, intervalMs: 50 } });
    await timed.init();
    const ids = await finished(store, 5, Date.now() - 1_000);
    await waitFor(async () => (await store.get(ids[0]!)) === null);
    await timed.close();
    const later = await finished(store, 5, Date.now() - 1_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.get(later[0]!)).not.toBeNull();
  });
});
