import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createErrand } from "../src/errand/createErrand.js";
import { memoryStore } from "../src/memory/memoryStore.js";
import { defineTask } from "../src/task/defineTask.js";
import { eventually, settled, testErrand } from "./helpers.js";

const input = z.object({ tenantId: z.string(), n: z.number() });

function limitedTask(limit: number) {
  let running = new Map<string, number>();
  const peak = new Map<string, number>();
  const gates: (() => void)[] = [];
  const task = defineTask({
    name: "importCsv",
    input,
    concurrency: { limit, key: (parsed) => parsed.tenantId },
    rateLimit: { limit: 1_000, periodMs: 60_000, key: (parsed) => `api:${parsed.tenantId}` },
    async run({ input: parsed, controller }) {
      const now = (running.get(parsed.tenantId) ?? 0) + 1;
      running.set(parsed.tenantId, now);
      peak.set(parsed.tenantId, Math.max(peak.get(parsed.tenantId) ?? 0, now));
      await new Promise<void>((resolve) => gates.push(resolve));
      running.set(parsed.tenantId, running.get(parsed.tenantId)! - 1);
      return controller.success({});
    },
  });
  return {
    task,
    peak,
    gates,
    reset: () => {
      running = new Map();
    },
  };
}

describe("flow control declarations", () => {
  const base = { name: "t", input: z.object({}), run: ({ controller }: any) => controller.success({}) };
  it.each([
    [{ concurrency: { limit: 0 } }, "concurrency.limit must be a whole number of at least 1, got 0"],
    [{ concurrency: { limit: 1.5 } }, "concurrency.limit must be a whole number of at least 1, got 1.5"],
    [
      { concurrency: 3 },
      "concurrency must be an object such as { limit: 2, key: (input) => input.tenantId }",
    ],
    [{ concurrency: { limit: 2, key: "tenantId" } }, "concurrency.key must be a function of the input"],
    [
      { rateLimit: { limit: 10, periodMs: 0 } },
      "rateLimit.periodMs must be a whole number of milliseconds of at least 1, got 0",
    ],
    [
      { rateLimit: { limit: -1, periodMs: 1000 } },
      "rateLimit.limit must be a whole number of at least 1, got -1",
    ],
    [
      { rateLimit: { limit: 1 } },
      "rateLimit.periodMs must be a whole number of milliseconds of at least 1, got undefined",
    ],
  ])("refuses %j with a message saying what to write", (limits, message) => {
    expect(() => defineTask({ ...base, ...(limits as object) })).toThrow(message);
    // A definition built without defineTask is checked by createErrand.
    const handmade = Object.freeze({ ...defineTask(base), ...(limits as object) });
    expect(() => createErrand({ tasks: { t: handmade }, store: memoryStore() })).toThrow(
      `createErrand: tasks.t: ${message}`,
    );
  });
});

describe("flow control at trigger", () => {
  it("stores the keys computed from the parsed input with the task", async () => {
    const { task } = limitedTask(1);
    const errand = testErrand({ tasks: { importCsv: task } });
    const record = (
      await errand.tasks.trigger({ name: "importCsv", input: { tenantId: "acme", n: 1 } })
    ).unwrap();
    expect(record).toMatchObject({ concurrencyKey: "acme", rateKey: "api:acme" });
    expect((await errand.tasks.get(record.id)).unwrap()).toMatchObject({ concurrencyKey: "acme" });
  });

  it("refuses a trigger whose key function throws or returns no string, storing nothing", async () => {
    const keyed = (key: (input: { k: string }) => string) =>
      defineTask({
        name: "keyed",
        input: z.object({ k: z.string() }),
        concurrency: { limit: 1, key },
        run: ({ controller }) => controller.success({}),
      });
    const throwing = testErrand({
      tasks: {
        keyed: keyed(() => {
          throw new Error("no tenant");
        }),
      },
    });
    const thrown = await throwing.tasks.trigger({ name: "keyed", input: { k: "x" } });
    expect(thrown.isFail() && thrown.error.code).toBe("VALIDATION");
    expect(thrown.isFail() && thrown.error.message).toBe('concurrency.key of task "keyed" threw: no tenant');
    const empty = testErrand({ tasks: { keyed: keyed((parsed) => parsed.k) } });
    const refused = await empty.tasks.trigger({ name: "keyed", input: { k: "" } });
    expect(refused.isFail() && refused.error.message).toBe(
      'concurrency.key of task "keyed" must return a non-empty string of at most 255 characters, got ""',
    );
    expect((await empty.tasks.list()).unwrap().items).toEqual([]);
  });
});

describe("flow control in a runner", () => {
  it("never runs more than the limit per key, and the other keys keep running", async () => {
    const { task, peak, gates } = limitedTask(2);
    const errand = testErrand({ tasks: { importCsv: task } });
    const tenants = ["a", "b", "c"];
    const ids: string[] = [];
    for (let n = 0; n < 18; n++) {
      const record = await errand.tasks.trigger({
        name: "importCsv",
        input: { tenantId: tenants[n % 3]!, n },
      });
      ids.push(record.unwrap().id);
    }
    errand.runner({ concurrency: 10, pollIntervalMs: 20 }).start();
    // 3 keys x 2 slots: six run at once though the runner has ten slots.
    await eventually(() => gates.length === 6);
    let done = 0;
    while (done < 18) {
      await eventually(() => gates.length > 0);
      gates.shift()!();
      done += 1;
    }
    await eventually(async () => (await errand.tasks.stats()).unwrap().total.success === 18);
    expect(Object.fromEntries(peak)).toEqual({ a: 2, b: 2, c: 2 });
  });

  it("claims the next task of a full group as soon as its own attempt frees the group, not at the poll", async () => {
    // A store without settleAndClaim: only the runner's loop claims. Its first claim stops short
    // at the limit with a due task left, which the end of the first attempt makes claimable.
    const { settleAndClaim: _none, ...store } = memoryStore();
    const ran: number[] = [];
    const grouped = defineTask({
      name: "grouped",
      input,
      concurrency: { limit: 1, key: (parsed) => parsed.tenantId },
      run: ({ input: parsed, controller }) => {
        ran.push(parsed.n);
        return controller.success({});
      },
    });
    const errand = testErrand({ tasks: { grouped }, store });
    const ids = (
      await errand.tasks.triggerMany(
        [1, 2].map((n) => ({ name: "grouped" as const, input: { tenantId: "a", n } })),
      )
    ).unwrap();
    // A poll interval far beyond the test's wait.
    errand.runner({ concurrency: 2, pollIntervalMs: 60_000 }).start();
    for (const { id } of ids) expect(await settled(errand, id)).toMatchObject({ status: "success" });
    expect(ran).toEqual([1, 2]);
  });

  it("pauses and resumes a task name across runners, shown in stats", async () => {
    const ran: string[] = [];
    const make = (name: string) =>
      defineTask({
        name,
        input: z.object({}),
        run: ({ controller }) => {
          ran.push(name);
          return controller.success({});
        },
      });
    const errand = testErrand({ tasks: { newsletter: make("newsletter"), other: make("other") } });
    expect((await errand.tasks.pause("newsletter")).unwrap()).toEqual({ name: "newsletter", paused: true });
    expect((await errand.tasks.stats()).unwrap().paused).toEqual(["newsletter"]);
    await errand.tasks.trigger({ name: "newsletter", input: {} });
    await errand.tasks.trigger({ name: "other", input: {}, options: { priority: -1 } });
    const runner = errand.runner({ pollIntervalMs: 10 }).start();
    // The later, lower-priority task ran: the claim passed over the paused one.
    await eventually(() => ran.includes("other"));
    expect(ran).toEqual(["other"]);
    expect((await errand.tasks.resume("newsletter")).unwrap()).toEqual({ name: "newsletter", paused: false });
    await eventually(() => ran.length === 2);
    expect((await errand.tasks.stats()).unwrap().paused).toEqual([]);
    await runner.stop();
    // @ts-expect-error only registered names can be paused
    const unknown = await errand.tasks.pause("nope");
    expect(unknown.isFail() && unknown.error.code).toBe("UNKNOWN_TASK");
  });
});

describe("debounce", () => {
  it("50 triggers with one key in a burst run once, with the last input", async () => {
    const ran: number[] = [];
    const reindex = defineTask({
      name: "reindex",
      input: z.object({ docId: z.string(), version: z.number() }),
      run: ({ input: parsed, controller }) => {
        ran.push(parsed.version);
        return controller.success({});
      },
    });
    const errand = testErrand({ tasks: { reindex } });
    errand.runner({ pollIntervalMs: 20 }).start();
    const ids = new Set<string>();
    for (let version = 1; version <= 50; version++) {
      const record = await errand.tasks.trigger({
        name: "reindex",
        input: { docId: "d1", version },
        // Long enough that the burst ends before it is due, on any machine.
        options: { debounce: { key: "d1", delayMs: 1_000 } },
      });
      ids.add(record.unwrap().id);
    }
    expect(ids.size).toBe(1);
    await eventually(async () => (await errand.tasks.stats()).unwrap().total.success === 1);
    expect(ran).toEqual([50]);
    // Once it ran, the next trigger starts a new task.
    const next = (
      await errand.tasks.trigger({
        name: "reindex",
        input: { docId: "d1", version: 51 },
        options: { debounce: { key: "d1", delayMs: 0 } },
      })
    ).unwrap();
    expect(ids.has(next.id)).toBe(false);
    await eventually(() => ran.length === 2);
    expect(ran).toEqual([50, 51]);
  });

  it("refuses debounce with runAt, delayMs or idempotencyKey, saying why", async () => {
    const task = defineTask({
      name: "t",
      input: z.object({}),
      run: ({ controller }) => controller.success({}),
    });
    const errand = testErrand({ tasks: { t: task } });
    const withDelay = await errand.tasks.trigger({
      name: "t",
      input: {},
      options: { debounce: { key: "k", delayMs: 5 }, delayMs: 5 },
    });
    expect(withDelay.isFail() && withDelay.error.message).toContain(
      "debounce sets the run time (now + debounce.delayMs): leave out runAt and delayMs",
    );
    const withKey = await errand.tasks.trigger({
      name: "t",
      input: {},
      options: { debounce: { key: "k", delayMs: 5 }, idempotencyKey: "i" },
    });
    expect(withKey.isFail() && withKey.error.message).toContain("debounce and idempotencyKey do not mix");
    const badDelay = await errand.tasks.trigger({
      name: "t",
      input: {},
      options: { debounce: { key: "", delayMs: -1 } },
    });
    expect(badDelay.isFail() && badDelay.error.code).toBe("VALIDATION");
  });
});
