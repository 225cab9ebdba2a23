import { randomBytes } from "node:crypto";
import type { TaskChange } from "@errand/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { backends, terminateBackends, waitFor } from "../test/support/backends.js";
import { describePg, openFreshStore, storeIn } from "../test/support/database.js";
import { orderedRowsForTest } from "../test/support/rows.js";
import type { PostgresStore } from "./index.js";

describePg("watchChanges (the change feed over LISTEN/NOTIFY)", () => {
  let writer: PostgresStore;
  let watcher: PostgresStore;
  let app: string;
  let cleanup: () => Promise<void>;
  let changes: TaskChange[];
  let stop: () => void;
  beforeEach(async () => {
    const fresh = await openFreshStore();
    writer = fresh.store;
    app = `errand_changes_${randomBytes(4).toString("hex")}`;
    watcher = storeIn(fresh.schema, { applicationName: app, logger: { warn() {}, error() {} } });
    changes = [];
    stop = watcher.watchChanges!((change) => changes.push(change));
    await waitFor(async () => (await backends(app, true))[0] ?? false);
    cleanup = async () => {
      stop();
      await watcher.close();
      await fresh.cleanup();
    };
  });
  afterEach(() => cleanup());

  /** The next change the watcher hears (changes arrive in commit order). */
  async function next(): Promise<TaskChange> {
    const at = changes.length;
    await waitFor(async () => changes.length > at);
    return changes[at]!;
  }
  const ids = (change: TaskChange) => (change.type === "unknown" ? change.type : [...change.ids].sort());

  it("tells another connection which tasks each statement changed, once per statement", async () => {
    const rows = orderedRowsForTest(3);
    const heard = next();
    await writer.insert(rows);
    expect(ids(await heard)).toEqual(rows.map((row) => row.id).sort());

    const now = Date.now();
    const claiming = next();
    const claimed = await writer.claim({ runnerId: "r1", limit: 2, leaseMs: 30_000, now });
    expect(ids(await claiming)).toEqual(claimed.map((row) => row.id).sort());

    // A heartbeat only moves the lease: nothing a reader shows, so nothing is sent for it.
    const [first, second] = claimed as [(typeof claimed)[0], (typeof claimed)[0]];
    await writer.heartbeat({
      runnerId: "r1",
      leases: [{ id: first.id, leaseNumber: first.leaseNumber }],
      leaseMs: 30_000,
      now: now + 1,
    });
    const status = next();
    await writer.setStatus({
      id: second.id,
      runnerId: "r1",
      leaseNumber: second.leaseNumber,
      progress: 0.5,
      now: now + 2,
    });
    expect(ids(await status)).toEqual([second.id]);

    const settling = next();
    await writer.settle(
      [
        {
          id: first.id,
          runnerId: "r1",
          leaseNumber: first.leaseNumber,
          attempt: 1,
          outcome: { type: "success", output: "null" },
        },
      ],
      now + 3,
      "aborted",
    );
    expect(ids(await settling)).toEqual([first.id]);

    const deleting = next();
    expect((await writer.delete(first.id)).result).toBe("ok");
    expect(ids(await deleting)).toEqual([first.id]);
  });

  it("says 'anything may have changed' past 200 ids, keeping the payload under Postgres' limit", async () => {
    const heard = next();
    await writer.insert(orderedRowsForTest(201));
    expect(await heard).toEqual({ type: "unknown" });
  });

  it("says 'anything may have changed' after its connection was cut and restored", async () => {
    await terminateBackends(app);
    await waitFor(async () => changes.some((change) => change.type === "unknown"));
    const rows = orderedRowsForTest(1);
    const heard = waitFor(async () => changes.find((change) => change.type === "tasks") ?? false);
    await writer.insert(rows);
    expect(ids(await heard)).toEqual([rows[0]!.id]);
  });
});
