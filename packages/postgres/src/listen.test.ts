import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { backends, terminateBackends, waitFor } from "../test/support/backends.js";
import { describePg, openFreshStore, storeIn } from "../test/support/database.js";
import { orderedRowsForTest } from "../test/support/rows.js";
import type { PostgresStore } from "./index.js";

describePg("subscribe (LISTEN/NOTIFY)", () => {
  let writer: PostgresStore;
  let listener: PostgresStore;
  let app: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const fresh = await openFreshStore();
    writer = fresh.store;
    app = `errand_listen_${randomBytes(4).toString("hex")}`;
    listener = storeIn(fresh.schema, { applicationName: app, logger: { warn() {}, error() {} } });
    cleanup = async () => {
      await listener.close();
      await fresh.cleanup();
    };
  });
  afterEach(() => cleanup());

  const listening = () => waitFor(async () => (await backends(app, true))[0] ?? false);

  it("wakes a subscriber in another pool on an insert, once per insert", async () => {
    let wakes = 0;
    const unsubscribe = listener.subscribe!(() => {
      wakes += 1;
    });
    await listening();
    await writer.insert(orderedRowsForTest(3));
    await waitFor(async () => wakes > 0);
    // Notifications arrive in order: once the second insert's wake is in, any extra wake for the
    // first (one per row, say) would have come before it.
    await writer.insert(orderedRowsForTest(1));
    await waitFor(async () => wakes > 1);
    expect(wakes).toBe(2);
    unsubscribe();
  });

  it("passes on the inserting errand's origin, but not from inside the app's transaction", async () => {
    // Runners skip the announcement of their own errand's insert: it woke them in process already.
    const origins: (string | undefined)[] = [];
    const unsubscribe = listener.subscribe!((origin) => {
      origins.push(origin);
    });
    await listening();
    await writer.insert(orderedRowsForTest(1), { origin: "instance-a" });
    await writer.insertStream!(
      (async function* () {
        yield orderedRowsForTest(2);
      })(),
      { origin: "instance-b" },
    );
    const client = await writer.pool.connect();
    try {
      await client.query("BEGIN");
      await writer.insert(orderedRowsForTest(1), { transaction: client, origin: "instance-c" });
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    await writer.insert(orderedRowsForTest(1));
    await waitFor(async () => origins.length === 4);
    expect(origins).toEqual(["instance-a", "instance-b", undefined, undefined]);
    unsubscribe();
  });

  it("reconnects after its connection is cut, wakes subscribers, and hears later inserts", async () => {
    let wakes = 0;
    const unsubscribe = listener.subscribe!(() => {
      wakes += 1;
    });
    const first = await listening();
    await terminateBackends(app);
    const second = await waitFor(async () => {
      const pid = (await backends(app, true))[0];
      return pid !== undefined && pid !== first ? pid : false;
    });
    expect(second).not.toBe(first);
    // Notifications sent while it was down are lost, so a reconnect counts as a wake-up.
    await waitFor(async () => wakes === 1);
    await writer.insert(orderedRowsForTest(1));
    await waitFor(async () => wakes === 2);
    unsubscribe();
  });

  it("holds one connection for all subscribers and gives it up after the last unsubscribes", async () => {
    const stop = [listener.subscribe!(() => {}), listener.subscribe!(() => {})];
    await listening();
    expect(await backends(app, true)).toHaveLength(1);
    stop[0]!();
    expect(await backends(app, true)).toHaveLength(1);
    stop[1]!();
    await waitFor(async () => (await backends(app, true)).length === 0);
  });
});
