import { describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStore } from "../src/memory/memoryStore.js";
import { defineTask } from "../src/task/defineTask.js";
import { testErrand } from "./helpers.js";

/*
 * Regression: every exception inside a management call was reported as STORE, so a bug in errand
 * (or app code it called) read as a broken database. STORE is only what the store driver raised;
 * anything else unexpected is INTERNAL.
 */

const noop = defineTask({
  name: "noop",
  input: z.object({}),
  run: ({ controller }) => controller.success(),
});
const throwingSchema = defineTask({
  name: "throwingSchema",
  // A refinement that throws instead of returning false: an exception zod passes straight through.
  input: z.object({ n: z.number() }).refine(() => {
    throw new RangeError("refinement blew up");
  }),
  run: ({ controller }) => controller.success(),
});

describe("error codes at the management boundary", () => {
  it("reports an unexpected exception as INTERNAL, not STORE, keeping the original as cause", async () => {
    const errand = testErrand({ tasks: { noop, throwingSchema } });
    const result = await errand.tasks.trigger({ name: "throwingSchema", input: { n: 1 } });
    expect(result.isFail()).toBe(true);
    if (!result.isFail()) return;
    expect(result.error.code).toBe("INTERNAL");
    expect(result.error.message).toContain("refinement blew up");
    expect(result.error.message).toMatch(/a bug/);
    expect(result.error.cause).toBeInstanceOf(RangeError);
  });

  it("reports what the store driver raised as STORE, whichever call it was", async () => {
    const store = memoryStore();
    const broken = {
      ...store,
      get: async () => Promise.reject(new Error("connection reset")),
      list: () => {
        throw new Error("socket closed");
      },
    };
    const errand = testErrand({ tasks: { noop }, store: broken });
    const get = await errand.tasks.get("00000000-0000-7000-8000-000000000000");
    expect(get.isFail() && [get.error.code, get.error.message]).toEqual([
      "STORE",
      "The task store failed during get: connection reset",
    ]);
    const list = await errand.tasks.list();
    expect(list.isFail() && [list.error.code, list.error.message]).toEqual([
      "STORE",
      "The task store failed during list: socket closed",
    ]);
  });
});
