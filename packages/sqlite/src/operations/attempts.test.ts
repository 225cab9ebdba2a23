import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialize } from "@errand/core";
import { taskRow } from "@errand/core/conformance";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SqliteStore, sqliteStore } from "../index.js";

const T0 = 1_700_000_000_000;
const LEASE = 60_000;

// A success's attempt has no row in errand_task_attempts: the store reads it from the task row
// (statements.ts's attempts). These pin what that must keep: order, and no double from old files.
describe("attempt history on SQLite", () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "errand-attempts-"));
    store = sqliteStore({ path: join(dir, "errand.db") });
    await store.init();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runOnce(
    id: string,
    now: number,
    outcome: Parameters<SqliteStore["settle"]>[0][0]["outcome"],
  ) {
    const [claimed] = await store.claim({ runnerId: "w", names: ["work"], limit: 1, leaseMs: LEASE, now });
    expect(claimed?.id).toBe(id);
    const settlement = {
      id,
      runnerId: "w",
      leaseNumber: claimed!.leaseNumber,
      attempt: claimed!.attempt,
      outcome,
    };
    expect(await store.settle([settlement], now + 5, "aborted")).toEqual([true]);
  }

  /** The history entry of a success settled 5 ms after it started, on its `lease`-th claim. */
  const succeeded = (taskId: string, lease: number, startedAt: number) => ({
    taskId,
    leaseNumber: lease,
    attempt: lease,
    startedAt,
    finishedAt: startedAt + 5,
    end: "success",
    error: null,
  });

  it("lists a retried attempt from its row, then the success from the task row, in lease order", async () => {
    const row = taskRow({ name: "work", input: serialize({}), maxAttempts: 3, runAt: T0, createdAt: T0 });
    await store.insert([row]);
    await runOnce(row.id, T0, { type: "retry", error: "E", runAt: T0 + 10 });
    await runOnce(row.id, T0 + 20, { type: "success", output: serialize(1) });
    expect(await store.attempts(row.id)).toEqual([
      { ...succeeded(row.id, 1, T0), end: "retry", error: "E" },
      succeeded(row.id, 2, T0 + 20),
    ]);
  });

  it("does not list a success twice when an older version kept its attempt row", async () => {
    const row = taskRow({ name: "work", input: serialize({}), maxAttempts: 1, runAt: T0, createdAt: T0 });
    await store.insert([row]);
    await runOnce(row.id, T0, { type: "success", output: serialize(1) });
    store
      .database!.prepare("INSERT INTO errand_task_attempts VALUES (?, 1, 1, ?, ?, 'success', NULL)")
      .run(row.id, T0, T0 + 5);
    expect(await store.attempts(row.id)).toEqual([succeeded(row.id, 1, T0)]);
  });
});
