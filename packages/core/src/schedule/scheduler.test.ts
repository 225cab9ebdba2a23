import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { until } from "../conformance/faults/processes.js";
import { createErrand } from "../errand/createErrand.js";
import { memoryStore } from "../memory/memoryStore.js";
import { defineTask } from "../task/defineTask.js";
import { type CatchUp, MAX_CATCH_UP_TICKS } from "./scheduleConfig.js";
import { scheduleKeyOf } from "./tickKey.js";

const T = Date.parse("2026-06-01T12:00:00.000Z");

function scheduled(catchUp: CatchUp) {
  return defineTask({
    name: "tick",
    input: z.object({ n: z.number() }),
    schedule: { cron: "* * * * * *", input: { n: 1 }, catchUp },
    run: ({ controller }) => controller.success(null),
  });
}

/**
 * The last run handled tick T; the runner starts 5.5 s later on a clock that stands still, so
 * only the start-up catch-up fires anything.
 */
async function restartAfterGap(catchUp: CatchUp, gapMs = 5_500) {
  const store = memoryStore();
  const key = scheduleKeyOf("* * * * * *", "UTC");
  await store.recordScheduleTick({ name: "tick", scheduleKey: key, tick: T }, T);
  const now = T + gapMs;
  const errand = createErrand({
    tasks: { tick: scheduled(catchUp) },
    store,
    logger: pino({ level: "silent" }),
    now: () => now,
  });
  // No concurrency to run anything: the runner only schedules (its claims find nothing due).
  const runner = errand.runner({ names: ["tick"] }).start();
  await until(async () => (await store.scheduleTicks())[0]!.tick === now);
  await runner.stop();
  const page = (await errand.tasks.list({ limit: 1_000 })).unwrap();
  await errand.close();
  return page.items.map((record) => record.scheduledFor!.toISOString()).sort();
}

describe("schedule catch-up after no runner was up", () => {
  it('"none" skips every missed tick', async () => {
    expect(await restartAfterGap("none")).toEqual([]);
  });
  it('"latest" fires the most recent missed tick once', async () => {
    expect(await restartAfterGap("latest")).toEqual(["2026-06-01T12:00:05.000Z"]);
  });
  it('"all" fires each missed tick', async () => {
    expect(await restartAfterGap("all")).toEqual([1, 2, 3, 4, 5].map((s) => `2026-06-01T12:00:0${s}.000Z`));
  });
  it(`"all" fires at most the ${MAX_CATCH_UP_TICKS} most recent missed ticks`, async () => {
    const fired = await restartAfterGap("all", 500_000);
    expect(fired).toHaveLength(MAX_CATCH_UP_TICKS);
    expect(fired.at(-1)).toBe(new Date(T + 500_000).toISOString());
    expect(fired[0]).toBe(new Date(T + 500_000 - (MAX_CATCH_UP_TICKS - 1) * 1_000).toISOString());
  });
  it("a schedule never seen before fires nothing for the past, and records where it starts", async () => {
    const store = memoryStore();
    const errand = createErrand({
      tasks: { tick: scheduled("all") },
      store,
      logger: pino({ level: "silent" }),
      now: () => T,
    });
    const runner = errand.runner().start();
    await until(async () => (await store.scheduleTicks()).length === 1);
    await runner.stop();
    expect((await errand.tasks.list({ limit: 10 })).unwrap().items).toEqual([]);
    expect(await store.scheduleTicks()).toEqual([{ name: "tick", scheduleKey: "* * * * * *@UTC", tick: T }]);
    await errand.close();
  });
});

describe("scheduled tasks", () => {
  it("fire on the wall clock once per tick, and the record says which tick", async () => {
    const store = memoryStore();
    const errand = createErrand({
      tasks: { tick: scheduled("latest") },
      store,
      logger: pino({ level: "silent" }),
    });
    // Two runners on one store: each tick is still one task.
    const runners = [errand.runner().start(), errand.runner().start()];
    const records = await until(async () => {
      const { items } = (await errand.tasks.list({ name: "tick", limit: 100 })).unwrap();
      return items.length >= 2 && items.every((r) => r.status === "success") ? items : undefined;
    });
    await Promise.all(runners.map((runner) => runner.stop()));
    const ticks = records.map((record) => record.scheduledFor!.getTime());
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const record of records) {
      expect(record.scheduledFor!.getTime() % 1000).toBe(0);
      expect(record.idempotencyKey).toBe(`schedule:* * * * * *@UTC:${record.scheduledFor!.toISOString()}`);
      expect(record.input).toEqual({ n: 1 });
    }
    const got = (await errand.tasks.get(records[0]!.id)).unwrap();
    expect(got.scheduledFor).toEqual(records[0]!.scheduledFor);
    await errand.close();
  });

  it("apps may not trigger with a schedule's idempotency key", async () => {
    const errand = createErrand({ tasks: { tick: scheduled("latest") }, store: memoryStore() });
    const result = await errand.tasks.trigger({
      name: "tick",
      input: { n: 1 },
      options: { idempotencyKey: "schedule:* * * * * *@UTC:2026-06-01T12:00:05.000Z" },
    });
    expect(result.isFail() && result.error.message).toMatch(/kept for schedules; choose another key/);
    await errand.close();
  });
});
