import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialize } from "@errand/core";
import { taskRow, until } from "@errand/core/conformance";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SqliteStore, type SqliteStoreOptions, sqliteStore } from "./index.js";

const HOUR = 3_600_000;
const T0 = 1_700_000_000_000;

describe("retention on SQLite", () => {
  let dir: string;
  let path: string;
  let store: SqliteStore;
  const open: SqliteStore[] = [];
  const storeOn = (options: Omit<SqliteStoreOptions, "path"> = {}) => {
    const opened = sqliteStore({ path, ...options });
    open.push(opened);
    return opened;
  };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "errand-retention-"));
    path = join(dir, "errand.db");
    store = storeOn();
    await store.init();
  });
  afterEach(async () => {
    for (const opened of open.splice(0)) await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * `count` tasks finished at `at`, each with a log line and an attempt row: failed, because a
   * success's attempt is read from its task row and has no row of its own.
   */
  async function finished(count: number, at: number): Promise<string[]> {
    const name = `done-${at}`;
    const rows = Array.from({ length: count }, () =>
      taskRow({ name, input: serialize({}), maxAttempts: 1, runAt: at, createdAt: at }),
    );
    await store.insert(rows);
    const claimed = await store.claim({ runnerId: "w", names: [name], limit: count, leaseMs: HOUR, now: at });
    await store.appendLogs(
      claimed.map((r) => ({ taskId: r.id, attempt: 1, at, level: "info", message: "x", data: null })),
    );
    const outcome = { type: "failed", error: "F" } as const;
    await store.settle(
      claimed.map((r) => ({ id: r.id, runnerId: "w", leaseNumber: r.leaseNumber, attempt: 1, outcome })),
      at,
      "A",
    );
    return rows.map((r) => r.id);
  }
  const count = (table: string) =>
    (store.database!.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it("deletes finished tasks older than maxAgeMs with their logs and attempts, never pending or running ones", async () => {
    const old = await finished(30, T0);
    const recent = await finished(20, T0 + 5 * HOUR);
    await store.insert([
      taskRow({ name: "waiting", input: serialize({}), maxAttempts: 1, runAt: T0, createdAt: T0 }),
      taskRow({ name: "busy", input: serialize({}), maxAttempts: 1, runAt: T0, createdAt: T0 }),
    ]);
    await store.claim({ runnerId: "w", names: ["busy"], limit: 1, leaseMs: HOUR, now: T0 });
    const cleaner = storeOn({ retention: { maxAgeMs: 2 * HOUR } });
    expect(await cleaner.runRetention(T0 + 6 * HOUR)).toEqual({ result: "done", deleted: 30 });
    for (const id of old) expect(await store.get(id)).toBeNull();
    for (const id of recent) expect(await store.get(id)).not.toBeNull();
    expect(count("errand_tasks")).toBe(22);
    expect(count("errand_task_logs")).toBe(20);
    expect(count("errand_task_attempts")).toBe(20);
  });

  it("keeps only the newest maxCount finished tasks, in batches past the batch size", async () => {
    const oldest = await finished(1_500, T0);
    const newest = await finished(10, T0 + HOUR);
    const trimmed = storeOn({ retention: { maxCount: 10 } });
    expect(await trimmed.runRetention(T0 + 3 * HOUR)).toEqual({ result: "done", deleted: 1_500 });
    expect(await trimmed.runRetention(T0 + 3 * HOUR)).toEqual({ result: "done", deleted: 0 });
    expect(await store.get(oldest[0]!)).toBeNull();
    for (const id of newest) expect(await store.get(id)).not.toBeNull();
  });

  it("skips while another process holds the lease, and takes over a dead sweeper's lease after it ran out", async () => {
    await finished(5, T0);
    const cleaner = storeOn({ retention: { maxAgeMs: 1 } });
    // What a sweeping process holds; a process that died holding it leaves it until it runs out.
    store.database!.prepare("UPDATE errand_retention SET lease_until = ?").run(T0 + 2 * HOUR);
    expect(await cleaner.runRetention(T0 + HOUR)).toEqual({ result: "skipped" });
    expect(await cleaner.runRetention(T0 + 3 * HOUR)).toEqual({ result: "done", deleted: 5 });
  });

  it("runs on its own timer once init() has run, one sweep per interval across processes", async () => {
    const a = storeOn({ retention: { maxAgeMs: 1, intervalMs: 50 } });
    const b = storeOn({ retention: { maxAgeMs: 1, intervalMs: 50 } });
    await Promise.all([a.init(), b.init()]);
    const ids = await finished(5, Date.now() - 1_000);
    await until(async () => (await store.get(ids[0]!)) === null, 15_000);
    const lastSweep = () =>
      (store.database!.prepare("SELECT last_sweep_at AS at FROM errand_retention").get() as { at: number })
        .at;
    // Both processes' timers fire every 50 ms; the lease row lets one of them sweep each interval.
    const sweeps: number[] = [];
    await until(async () => {
      const at = lastSweep();
      if (sweeps.at(-1) !== at) sweeps.push(at);
      return sweeps.length >= 4;
    }, 15_000);
    for (let i = 1; i < sweeps.length; i++) expect(sweeps[i]! - sweeps[i - 1]!).toBeGreaterThanOrEqual(50);
    await a.close();
    await b.close();
  });

  it("refuses retention options that are not whole numbers, saying which", () => {
    expect(() => sqliteStore({ path, retention: { maxAgeMs: 0 } })).toThrow(
      "sqliteStore: retention.maxAgeMs must be a whole number above 0, got 0",
    );
    expect(() => sqliteStore({ path, retention: { maxCount: 1.5 } })).toThrow(
      "sqliteStore: retention.maxCount must be a whole number, got 1.5",
    );
  });
});
