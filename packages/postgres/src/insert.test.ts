import { createErrand } from "@errand/core";
import { insertedId } from "@errand/core/store";
import { afterEach, beforeEach, expect, it } from "vitest";
import { describePg, storeIn } from "../test/support/database.js";
import { countNotifications } from "../test/support/notifications.js";
import { openStoreWithOrders, sendReceipt } from "../test/support/orders.js";
import { orderedRowsForTest } from "../test/support/rows.js";
import { type PostgresStore, postgresStore } from "./index.js";

describePg("insert", () => {
  let store: PostgresStore;
  let schema: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, schema, cleanup } = await openStoreWithOrders());
  });
  afterEach(() => cleanup());

  it("inserts 200,000 tasks in one call as ten statements, with one notification", async () => {
    const rows = orderedRowsForTest(200_000);
    const notifications = await countNotifications(schema);
    const client = await store.pool.connect();
    let statements = 0;
    const counting = {
      query: (config: never) => {
        statements += 1;
        return client.query(config);
      },
    };
    try {
      await client.query("BEGIN");
      const results = await store.insert(rows, { transaction: counting });
      await client.query("COMMIT");
      expect(results).toHaveLength(200_000);
      expect(results.every((r) => r.created)).toBe(true);
    } finally {
      client.release();
    }
    expect(statements).toBe(10);
    expect(await store.stats()).toEqual([{ name: "work", status: "pending", count: 200_000 }]);
    expect(await notifications.settled()).toBe(1);
    await notifications.close();
  }, 300_000); // 200,000 rows: minutes on a loaded machine

  it("triggers in the app's transaction: kept and announced on commit", async () => {
    const errand = createErrand({ tasks: { sendReceipt }, store });
    const notifications = await countNotifications(schema);
    const client = await store.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`INSERT INTO "${schema}".orders VALUES (1)`);
      const triggered = await errand.tasks.trigger(
        { name: "sendReceipt", input: { orderId: 1 } },
        { transaction: client },
      );
      expect(triggered.isOk()).toBe(true);
      // Not visible outside the transaction, and no runner has been told yet.
      expect(await store.get(triggered.unwrap().id)).toBeNull();
      expect(await notifications.settled()).toBe(0);
      await client.query("COMMIT");
      expect(await store.get(triggered.unwrap().id)).toMatchObject({ status: "pending" });
      expect(await notifications.settled()).toBe(1);
    } finally {
      client.release();
      await notifications.close();
    }
  });

  it("triggers in the app's transaction: gone with it on rollback, nothing announced", async () => {
    const errand = createErrand({ tasks: { sendReceipt }, store });
    const notifications = await countNotifications(schema);
    const client = await store.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`INSERT INTO "${schema}".orders VALUES (2)`);
      const triggered = await errand.tasks.trigger(
        { name: "sendReceipt", input: { orderId: 2 } },
        { transaction: client },
      );
      expect(triggered.isOk()).toBe(true);
      const more = await errand.tasks.triggerMany(
        [3, 4].map((n) => ({ name: "sendReceipt" as const, input: { orderId: n } })),
        { transaction: client },
      );
      expect(more.unwrap()).toHaveLength(2);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await store.stats()).toEqual([]);
    expect((await store.pool.query(`SELECT count(*)::int AS n FROM "${schema}".orders`)).rows[0].n).toBe(0);
    expect(await notifications.settled()).toBe(0);
    await notifications.close();
  });

  it("refuses a transaction that is not a pg client, as a failed Result", async () => {
    const errand = createErrand({ tasks: { sendReceipt }, store });
    const triggered = await errand.tasks.trigger(
      { name: "sendReceipt", input: { orderId: 1 } },
      { transaction: { commit() {} } },
    );
    expect(triggered.isFail() && triggered.error.code).toBe("VALIDATION");
  });

  it("gives one task to racing triggers with the same idempotency key from two pools", async () => {
    const other = storeIn(schema);
    try {
      const candidates = Array.from(
        { length: 8 },
        () => orderedRowsForTest(1, { idempotencyKey: "pay-1" })[0]!,
      );
      const attempts = candidates.map((candidate, i) => (i % 2 ? other : store).insert([candidate]));
      const results = (await Promise.all(attempts)).flat();
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const ids = results.map((r, i) => insertedId(r, candidates[i]!));
      expect(new Set(ids).size).toBe(1);
    } finally {
      await other.close();
    }
  });

  it("does not end a pool it was given", async () => {
    const given = storeIn(schema);
    const borrowing = postgresStore({ pool: given.pool, schema });
    await borrowing.init();
    await borrowing.close();
    expect((await given.pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await given.close();
  });
});
