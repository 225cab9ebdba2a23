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

  it("wakes a subscriber in another pool within milliseconds of an insert", async () => {
    const wakes: number[] = [];
    const unsubscribe = listener.subscribe!(() => wakes.push(performance.now()));
    await listening();
    const before = performance.now();
    await writer.insert(orderedRowsForTest(3));
    await waitFor(async () => wakes.length > 0);
    expect(wakes[0]! - before).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(wakes).toHaveLength(1);
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
