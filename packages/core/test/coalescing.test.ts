import { describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStore } from "../src/memory/memoryStore.js";
import type { Store } from "../src/store/store.js";
import { defineTask } from "../src/task/defineTask.js";
import { testErrand } from "./helpers.js";

const noop = defineTask({
  name: "noop",
  input: z.object({ n: z.number() }),
  run: ({ controller }) => controller.success(),
});

function countingStore(rejectRow?: (n: number) => boolean): Store & { insertCalls: number[] } {
  const store = memoryStore();
  const calls: number[] = [];
  return {
    ...store,
    insertCalls: calls,
    insert(rows, scope) {
      calls.push(rows.length);
      const bad = rows.some((row) => rejectRow?.(JSON.parse(row.input).json.n));
      return bad ? Promise.reject(new Error("row rejected by the database")) : store.insert(rows, scope);
    },
  };
}

describe("concurrent triggers", () => {
  it("share one store insert, and each caller gets its own record", async () => {
    const store = countingStore();
    const errand = testErrand({ tasks: { noop }, store });
    await errand.ready();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) => errand.tasks.trigger({ name: "noop", input: { n } })),
    );
    expect(results.map((r) => r.unwrap().input.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(store.insertCalls).toEqual([50]);
  });

  it("a row the store rejects fails alone, not its neighbours", async () => {
    const store = countingStore((n) => n === 3);
    const errand = testErrand({ tasks: { noop }, store });
    await errand.ready();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, n) => errand.tasks.trigger({ name: "noop", input: { n } })),
    );
    expect(results.map((r) => (r.isOk() ? "ok" : r.error.code))).toEqual(["ok", "ok", "ok", "STORE", "ok"]);
    expect((await errand.tasks.list()).unwrap().items).toHaveLength(4);
  });

  it("validates each request on its own: a bad one is refused, its neighbours stored", async () => {
    const errand = testErrand({ tasks: { noop } });
    const results = await Promise.all([
      errand.tasks.trigger({ name: "noop", input: { n: 1 } }),
      errand.tasks.trigger({ name: "noop", input: { n: "two" } as never }),
      errand.tasks.trigger(null as never),
    ]);
    expect(results.map((r) => (r.isOk() ? "ok" : r.error.code))).toEqual(["ok", "VALIDATION", "VALIDATION"]);
    expect((await errand.tasks.list()).unwrap().items).toHaveLength(1);
  });
});

describe("request shapes", () => {
  it("refuses options that are not a plain object and log limits out of range", async () => {
    const errand = testErrand({ tasks: { noop } });
    for (const options of [new Map(), new Date(), [1]]) {
      const result = await errand.tasks.trigger({ name: "noop", input: { n: 1 }, options: options as never });
      expect(result.isFail() && result.error.message).toMatch(/options must be a plain object/);
    }
    const many = await errand.tasks.triggerMany([{ name: "noop", input: { n: 1 } }, null as never]);
    expect(many.isFail() && many.error.message).toMatch(/^Request 1: A trigger request must be an object/);
    const { id } = (await errand.tasks.trigger({ name: "noop", input: { n: 1 } })).unwrap();
    for (const limit of [-5, 0, 1.5, "x"]) {
      const logs = await errand.tasks.logs(id, { limit: limit as number });
      expect(logs.isFail() && logs.error.code).toBe("VALIDATION");
    }
    expect((await errand.tasks.logs(id, { limit: 10 })).unwrap()).toEqual([]);
  });
});
