import { defineTask } from "@errand/core";
import { z } from "zod";
import { openFreshStore } from "./database.js";

/** The task the insert tests trigger: a receipt per order of the app. */
export const sendReceipt = defineTask({
  name: "sendReceipt",
  input: z.object({ orderId: z.number() }),
  run: ({ controller }) => controller.success(),
});

/**
 * A fresh store whose schema also holds the app's own `orders` table, so a test can write an order
 * and trigger its receipt in one app transaction; `cleanup` drops both.
 */
export async function openStoreWithOrders() {
  const opened = await openFreshStore();
  await opened.store.pool.query(`CREATE TABLE "${opened.schema}".orders (id int PRIMARY KEY)`);
  return opened;
}
