import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { taskRow } from "@errand/core/conformance";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase } from "../connection.js";
import { type SqliteStore, sqliteStore } from "../index.js";
import { MIGRATIONS } from "./migrations.js";

let dir: string;
let store: SqliteStore | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "errand-migrate-"));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A file as an @errand/sqlite of schema version `version` left it, with `rows` written by that version's store. */
function fileAtVersion(path: string, version: number, fill: (db: ReturnType<typeof openDatabase>) => void) {
  const db = openDatabase({ path });
  db.exec("CREATE TABLE errand_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  for (const migration of MIGRATIONS.filter((m) => m.version <= version)) {
    db.exec(migration.sql);
    db.prepare("INSERT INTO errand_migrations (version, applied_at) VALUES (?, 0)").run(migration.version);
  }
  fill(db);
  db.close();
}

it("upgrades a version 5 file with tasks in every state: pending ones are claimed, an expired lease is released, the indexes are the new ones", async () => {
  const path = join(dir, "errand.db");
  const now = Date.now();
  const pending = taskRow({ name: "work", createdAt: now, runAt: now });
  const running = taskRow({ name: "work", createdAt: now, runAt: now });
  fileAtVersion(path, 5, (db) => {
    const insert = db.prepare(
      `INSERT INTO errand_tasks (id, name, input, status, attempt, max_attempts, priority, run_at, created_at, updated_at,
         lease_owner, lease_expires_at, lease_number, started_at)
       VALUES (?, 'work', ?, ?, ?, 3, 0, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run(pending.id, pending.input, "pending", 0, now, now, now, null, null, 0, null);
    // Its runner died a while ago: the lease ran out.
    insert.run(running.id, running.input, "running", 1, now, now, now, "gone", now - 1_000, 1, now - 60_000);
  });

  store = sqliteStore({ path });
  await store.init();
  const indexes = (
    store
      .database!.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'errand_tasks'")
      .all() as {
      name: string;
    }[]
  ).map((row) => row.name);
  expect(indexes).toEqual(expect.arrayContaining(["errand_tasks_updated_at_rest", "errand_tasks_running"]));
  expect(indexes).not.toContain("errand_tasks_updated");
  expect(indexes).not.toContain("errand_tasks_leases");
  expect(indexes).not.toContain("errand_tasks_running_groups");

  const released = await store.releaseExpired({ now, leaseExpiredError: "expired", abortedError: "aborted" });
  expect(released).toBe(1);
  const claimed = await store.claim({ runnerId: "w1", names: ["work"], limit: 10, leaseMs: 10_000, now });
  expect(claimed.map((row) => row.id).sort()).toEqual([pending.id, running.id].sort());
  expect(await store.get(running.id)).toMatchObject({
    status: "running",
    attempt: 2,
    leaseNumber: 2,
    leaseOwner: "w1",
  });
});
