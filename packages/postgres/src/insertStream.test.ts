import { createErrand, Result } from "@errand/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { describePg } from "../test/support/database.js";
import { countNotifications } from "../test/support/notifications.js";
import { openStoreWithOrders, sendReceipt } from "../test/support/orders.js";
import type { PostgresStore } from "./index.js";

/** More than two statements' worth (20,000 rows each), so a refusal comes after rows were sent. */
const BULK = 45_000;
const receipts = (count: number) =>
  Array.from({ length: count }, (_, n) => ({ name: "sendReceipt" as const, input: { orderId: n } }));

describePg("bulk trigger streamed into Postgres", () => {
  let store: PostgresStore;
  let schema: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, schema, cleanup } = await openStoreWithOrders());
  });
  afterEach(() => cleanup());

  const orders = async () =>
    (await store.pool.query(`SELECT count(*)::int AS n FROM "${schema}".orders`)).rows[0].n as number;

  it("stores every task in three statements, returns their records, and notifies once", async () => {
    const errand = createErrand({ tasks: { sendReceipt }, store });
    const notifications = await countNotifications(schema);
    const statements: string[] = [];
    const client = await store.pool.connect();
    const counting = {
      query: (config: { text: string }) => {
        statements.push(config.text);
        return client.query(config);
      },
    };
    try {
      await client.query("BEGIN");
      const records = (await errand.tasks.triggerMany(receipts(BULK), { transaction: counting })).unwrap();
      await client.query("COMMIT");
      expect(records).toHaveLength(BULK);
      expect(records[BULK - 1]).toMatchObject({ status: "pending", input: { orderId: BULK - 1 } });
      expect(await store.get(records[BULK - 1]!.id)).toMatchObject({ id: records[BULK - 1]!.id });
    } finally {
      client.release();
    }
    expect(statements.filter((text) => text.includes("INSERT INTO"))).toHaveLength(3);
    expect(await store.stats()).toEqual([{ name: "sendReceipt", status: "pending", count: BULK }]);
    expect(await notifications.settled()).toBe(1);
    await notifications.close();
  }, 120_000);

  it("stores nothing when the last request is invalid, and names its index", async () => {
    const errand = createErrand({ tasks: { sendReceipt }, store });
    const requests: { name: "sendReceipt"; input: { orderId: unknown } }[] = receipts(BULK);
    requests[BULK - 1] = { name: "sendReceipt", input: { orderId: "last" } };
    const result = await errand.tasks.triggerMany(requests as never);
    expect(result.isFail() && [result.error.code, result.error.data]).toMatchObject([
      "VALIDATION",
      { index: BULK - 1 },
    ]);
    expect(await store.stats()).toEqual([]);
  }, 120_000);

  it("stores nothing when onBeforeTrigger vetoes a request in the middle", async () => {
    const errand = createErrand({
      tasks: { sendReceipt },
      store,
      hooks: {
        onBeforeTrigger: ({ input }) => {
          if ((input as { orderId: number }).orderId === 30_000) return Result.fail(new Error("quota"));
        },
      },
    });
    const result = await errand.tasks.triggerMany(receipts(BULK));
    expect(result.isFail() && [result.error.code, result.error.data]).toMatchObject([
      "VETOED",
      { index: 30_000 },
    ]);
    expect(await store.stats()).toEqual([]);
  }, 120_000);

  it("in the app's transaction: a refused request takes back the tasks, not the app's own work", async () => {
    const errand = createErrand({ tasks: { sendReceipt }, store });
    const requests: { name: "sendReceipt"; input: { orderId: unknown } }[] = receipts(BULK);
    requests[BULK - 1] = { name: "sendReceipt", input: { orderId: "last" } };
    const client = await store.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`INSERT INTO "${schema}".orders VALUES (1)`);
      const result = await errand.tasks.triggerMany(requests as never, { transaction: client });
      expect(result.isFail() && result.error.code).toBe("VALIDATION");
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(await orders()).toBe(1);
    expect(await store.stats()).toEqual([]);
  }, 120_000);

  it("in the app's transaction: gone with it on rollback, nothing announced", async () => {
    const errand = createErrand({ tasks: { sendReceipt }, store });
    const notifications = await countNotifications(schema);
    const client = await store.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`INSERT INTO "${schema}".orders VALUES (1)`);
      const result = await errand.tasks.triggerMany(receipts(BULK), { transaction: client });
      expect(result.unwrap()).toHaveLength(BULK);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await orders()).toBe(0);
    expect(await store.stats()).toEqual([]);
    expect(await notifications.settled()).toBe(0);
    await notifications.close();
  }, 120_000);

  it("a bulk trigger with idempotency keys returns the task holding a repeated key", async () => {
    const errand = createErrand({ tasks: { sendReceipt }, store });
    const requests = receipts(5_000).map((request) => ({
      ...request,
      options: { idempotencyKey: `order-${request.input.orderId % 4_000}` },
    }));
    const records = (await errand.tasks.triggerMany(requests)).unwrap();
    expect(records[4_500]!.id).toBe(records[500]!.id);
    expect(await store.stats()).toEqual([{ name: "sendReceipt", status: "pending", count: 4_000 }]);
  }, 120_000);
});
