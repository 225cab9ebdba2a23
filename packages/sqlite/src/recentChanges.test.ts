import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { taskRow } from "@errand/core/conformance";
import { serialize } from "@errand/core/store";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type SqliteStore, sqliteStore } from "./index.js";
import { RecentChanges } from "./recentChanges.js";

let dir: string;
let store: SqliteStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "errand-recent-"));
  store = sqliteStore({ path: join(dir, "errand.db") });
  await store.init();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ABORTED = serialize({ name: "TaskError", message: "aborted", code: "ABORTED" });

/**
 * Each write a task goes through moves it between the parts the change feed reads through
 * different indexes (at rest, running, succeeded): every one of them is found, once.
 */
it("finds each task's change through every transition, once each", async () => {
  const recent = new RecentChanges();
  const look = () => recent.look(store.database!);
  recent.reset(store.database!);
  // Strictly increasing times, all within the window: each write gives its row a new updated_at.
  let now = Date.now();
  const tick = () => ++now;
  const expectChanged = (...ids: string[]) => expect(look()).toEqual({ type: "tasks", ids });

  const [a, b] = [taskRow({ name: "a", createdAt: tick() }), taskRow({ name: "b", createdAt: now })];
  await store.insert([a, b]);
  expectChanged(a.id, b.id);
  expect(look()).toBeNull();

  const claim = (name: string, runnerId = "w1") =>
    store.claim({ runnerId, names: [name], limit: 1, leaseMs: 60_000, now: tick() });
  await claim("a");
  expectChanged(a.id);
  await store.setStatus({ id: a.id, runnerId: "w1", leaseNumber: 1, progress: 0.5, now: tick() });
  expectChanged(a.id);
  await store.settle(
    [
      {
        id: a.id,
        runnerId: "w1",
        leaseNumber: 1,
        attempt: 1,
        outcome: { type: "success", output: serialize(null) },
      },
    ],
    tick(),
    ABORTED,
  );
  expectChanged(a.id);

  await claim("b");
  expectChanged(b.id);
  await store.settle(
    [
      {
        id: b.id,
        runnerId: "w1",
        leaseNumber: 1,
        attempt: 1,
        outcome: { type: "retry", error: "R", runAt: now },
      },
    ],
    tick(),
    ABORTED,
  );
  expectChanged(b.id);
  await claim("b", "w2");
  expectChanged(b.id);
  await store.requestAbort(b.id, ABORTED, tick());
  expectChanged(b.id);
  await store.settle(
    [{ id: b.id, runnerId: "w2", leaseNumber: 2, attempt: 2, outcome: { type: "failed", error: "F" } }],
    tick(),
    ABORTED,
  );
  expectChanged(b.id);
  await store.retry(b.id, tick());
  expectChanged(b.id);
  await store.updatePending(b.id, { priority: 3 }, tick());
  expectChanged(b.id);
  expect(look()).toBeNull();
});
