import { describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStore } from "../src/memory/memoryStore.js";
import type { Store } from "../src/store/store.js";
import { defineTask } from "../src/task/defineTask.js";
import { eventually, settled, testErrand } from "./helpers.js";

const fastRetry = { maxAttempts: 3, backoff: { initialMs: 5, factor: 1, jitter: false } };

describe("runner outcomes", () => {
  it("runs a task to success and records its output and timings", async () => {
    const double = defineTask({
      name: "double",
      input: z.object({ n: z.number() }),
      run: ({ input, controller, task }) =>
        controller.success({ doubled: input.n * 2, attempt: task.attempt }),
    });
    const errand = testErrand({ tasks: { double } });
    const triggered = (await errand.tasks.trigger({ name: "double", input: { n: 21 } })).unwrap();
    expect(triggered).toMatchObject({ status: "pending", attempt: 0, input: { n: 21 }, output: null });
    errand.runner({ pollIntervalMs: 5 }).start();
    const done = await settled(errand, triggered.id);
    expect(done).toMatchObject({
      status: "success",
      output: { doubled: 42, attempt: 1 },
      attempt: 1,
      error: null,
    });
    expect(done.startedAt).toBeInstanceOf(Date);
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
  });

  it("retries an error with backoff, then fails with the last error when attempts run out", async () => {
    let calls = 0;
    const flaky = defineTask({
      name: "flaky",
      input: z.object({}),
      retry: fastRetry,
      run: ({ controller }) => controller.error(new Error(`boom ${++calls}`)),
    });
    const errand = testErrand({ tasks: { flaky } });
    const { id } = (await errand.tasks.trigger({ name: "flaky", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    const done = await settled(errand, id);
    expect(calls).toBe(3);
    expect(done).toMatchObject({
      status: "failed",
      attempt: 3,
      error: { message: "boom 3", code: "TASK_FAILED", name: "Error" },
    });
    expect(done.error!.stack).toContain("boom 3");
  });

  it("keeps every attempt's error, shown by get, not only the last", async () => {
    let calls = 0;
    const flaky = defineTask({
      name: "flaky",
      input: z.object({}),
      retry: fastRetry,
      run: ({ controller }) =>
        ++calls < 3 ? controller.error(new Error(`boom ${calls}`)) : controller.success("ok"),
    });
    const errand = testErrand({ tasks: { flaky } });
    const { id } = (await errand.tasks.trigger({ name: "flaky", input: {} })).unwrap();
    expect((await errand.tasks.get(id)).unwrap().attempts).toEqual([]);
    errand.runner({ pollIntervalMs: 5 }).start();
    await settled(errand, id);
    const { attempts, error } = (await errand.tasks.get(id)).unwrap();
    expect(error).toBeNull();
    expect(attempts!.map(({ attempt, end, error }) => ({ attempt, end, message: error?.message }))).toEqual([
      { attempt: 1, end: "retry", message: "boom 1" },
      { attempt: 2, end: "retry", message: "boom 2" },
      { attempt: 3, end: "success", message: undefined },
    ]);
    for (const entry of attempts!) expect(entry.finishedAt >= entry.startedAt).toBe(true);
  });

  it("counts a thrown exception as an error, and `retry: false` fails at once", async () => {
    const throws = defineTask({
      name: "throws",
      input: z.object({}),
      retry: fastRetry,
      run: async () => {
        throw new TypeError("bad state");
      },
    });
    const gives = defineTask({
      name: "gives",
      input: z.object({}),
      retry: fastRetry,
      run: ({ controller }) => controller.error("not worth retrying", { retry: false }),
    });
    const errand = testErrand({ tasks: { throws, gives } });
    const a = (await errand.tasks.trigger({ name: "throws", input: {} })).unwrap();
    const b = (await errand.tasks.trigger({ name: "gives", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, a.id)).toMatchObject({
      status: "failed",
      attempt: 3,
      error: { name: "TypeError", message: "bad state" },
    });
    expect(await settled(errand, b.id)).toMatchObject({
      status: "failed",
      attempt: 1,
      error: { message: "not worth retrying" },
    });
  });

  it("times out an attempt: the signal fires and the attempt fails with TIMEOUT", async () => {
    let sawAbort = false;
    const slow = defineTask({
      name: "slow",
      input: z.object({}),
      timeoutMs: 30,
      retry: { maxAttempts: 2, backoff: { initialMs: 1, jitter: false } },
      run: async ({ signal, controller }) => {
        signal.addEventListener("abort", () => {
          sawAbort = true;
        });
        // Ignores the signal: only the timeout can end this attempt.
        await new Promise(() => {});
        return controller.success();
      },
    });
    const errand = testErrand({ tasks: { slow } });
    const { id } = (await errand.tasks.trigger({ name: "slow", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    const done = await settled(errand, id);
    expect(done).toMatchObject({ status: "failed", attempt: 2, error: { code: "TIMEOUT" } });
    expect(sawAbort).toBe(true);
  });

  it("fails with a clear error when run returns something that is not an outcome", async () => {
    const sloppy = defineTask({ name: "sloppy", input: z.object({}), run: (() => ({ ok: true })) as never });
    const errand = testErrand({ tasks: { sloppy } });
    const { id } = (await errand.tasks.trigger({ name: "sloppy", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    const done = await settled(errand, id);
    expect(done).toMatchObject({ status: "failed", attempt: 1 });
    expect(done.error!.message).toMatch(/must return controller\.success/);
  });

  it("fails a task whose output breaks its output schema", async () => {
    const liar = defineTask({
      name: "liar",
      input: z.object({}),
      output: z.object({ count: z.number() }),
      run: ({ controller }) => controller.success({ count: "many" as unknown as number }),
    });
    const errand = testErrand({ tasks: { liar } });
    const { id } = (await errand.tasks.trigger({ name: "liar", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, id)).toMatchObject({ status: "failed", error: { code: "VALIDATION" } });
  });

  it("fails a stored task whose input no longer matches the schema, without crashing the runner", async () => {
    const v1 = defineTask({
      name: "evolving",
      input: z.object({ email: z.string() }),
      run: ({ controller }) => controller.success(),
    });
    const v2 = defineTask({
      name: "evolving",
      input: z.object({ address: z.string() }),
      run: ({ controller }) => controller.success("v2"),
    });
    const store = (await import("../src/memory/memoryStore.js")).memoryStore();
    const before = testErrand({ tasks: { evolving: v1 }, store });
    const old = (await before.tasks.trigger({ name: "evolving", input: { email: "a@b.c" } })).unwrap();
    const after = testErrand({ tasks: { evolving: v2 }, store });
    const fresh = (await after.tasks.trigger({ name: "evolving", input: { address: "x" } })).unwrap();
    after.runner({ pollIntervalMs: 5 }).start();
    const failed = await settled(after, old.id);
    expect(failed).toMatchObject({ status: "failed", attempt: 1, error: { code: "VALIDATION" } });
    expect(failed.error!.message).toMatch(/no longer matches its input schema/);
    expect(await settled(after, fresh.id)).toMatchObject({ status: "success", output: "v2" });
  });
});

describe("run's arguments", () => {
  it("carry signal, logger and context through rest destructuring and spread, as own enumerable fields", async () => {
    const seen: string[][] = [];
    const child = defineTask({
      name: "child",
      input: z.object({}),
      run: ({ controller }) => controller.success(),
    });
    const parent = defineTask({
      name: "parent",
      input: z.object({ n: z.number() }),
      async run({ input, ...rest }) {
        seen.push(Object.keys(rest).sort(), Object.keys({ input, ...rest }).sort());
        const copy = { ...rest };
        rest.logger.info("from a rest copy");
        const triggered = (await copy.context.tasks.trigger(child, {})).unwrap();
        return rest.controller.success({
          aborted: copy.signal.aborted,
          n: input.n,
          parentId: triggered.parentId,
        });
      },
    });
    const errand = testErrand({ tasks: { parent, child } });
    const { id } = (await errand.tasks.trigger({ name: "parent", input: { n: 1 } })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, id)).toMatchObject({
      status: "success",
      output: { aborted: false, n: 1, parentId: id },
    });
    expect(seen).toEqual([
      ["context", "controller", "logger", "signal", "task"],
      ["context", "controller", "input", "logger", "signal", "task"],
    ]);
    const logs = (await errand.tasks.logs(id)).unwrap();
    expect(logs.map((line) => line.message)).toContain("from a rest copy");
  });
});

describe("controller", () => {
  it("persists status and progress while running, visible to get", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const importer = defineTask({
      name: "importer",
      input: z.object({}),
      run: async ({ controller }) => {
        await controller.status({ progress: 0.5, message: "halfway" });
        await gate;
        return controller.success();
      },
    });
    const errand = testErrand({ tasks: { importer } });
    const { id } = (await errand.tasks.trigger({ name: "importer", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    const running = await eventually(async () => {
      const record = (await errand.tasks.get(id)).unwrap();
      return record.progress === 0.5 ? record : undefined;
    });
    expect(running).toMatchObject({ status: "running", statusMessage: "halfway" });
    release();
    expect(await settled(errand, id)).toMatchObject({ status: "success", progress: 0.5 });
  });

  it("continues from a checkpoint in a new run with attempts counted afresh", async () => {
    const seen: number[] = [];
    const chunks = defineTask({
      name: "chunks",
      input: z.object({ offset: z.number() }),
      run: ({ input, controller, task }) => {
        seen.push(input.offset);
        expect(task.attempt).toBe(1);
        return input.offset < 20
          ? controller.continue({ input: { offset: input.offset + 10 } })
          : controller.success({ total: input.offset });
      },
    });
    const errand = testErrand({ tasks: { chunks } });
    const { id } = (await errand.tasks.trigger({ name: "chunks", input: { offset: 0 } })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, id)).toMatchObject({
      status: "success",
      output: { total: 20 },
      input: { offset: 20 },
    });
    expect(seen).toEqual([0, 10, 20]);
  });

  it("fails a continue whose checkpoint input breaks the schema", async () => {
    const bad = defineTask({
      name: "badCheckpoint",
      input: z.object({ offset: z.number() }),
      run: ({ controller }) => controller.continue({ input: { offset: "next" as unknown as number } }),
    });
    const errand = testErrand({ tasks: { badCheckpoint: bad } });
    const { id } = (await errand.tasks.trigger({ name: "badCheckpoint", input: { offset: 0 } })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, id)).toMatchObject({ status: "failed", error: { code: "VALIDATION" } });
  });

  it("lets a task abort itself", async () => {
    const quitter = defineTask({
      name: "quitter",
      input: z.object({}),
      run: ({ controller }) => controller.abort("nothing to do"),
    });
    const errand = testErrand({ tasks: { quitter } });
    const { id } = (await errand.tasks.trigger({ name: "quitter", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, id)).toMatchObject({
      status: "aborted",
      error: { code: "ABORTED", message: "nothing to do" },
    });
  });

  it("wakes when a retry or a delayed task becomes due, without waiting for the poll", async () => {
    let calls = 0;
    const onceFlaky = defineTask({
      name: "onceFlaky",
      input: z.object({}),
      retry: { maxAttempts: 2, backoff: { initialMs: 20, jitter: false } },
      run: ({ controller }) => (++calls === 1 ? controller.error("first") : controller.success("second")),
    });
    const errand = testErrand({ tasks: { onceFlaky } });
    // A poll interval far beyond the test's wait: only the due-time wake can run these.
    errand.runner({ pollIntervalMs: 60_000 }).start();
    const retried = (await errand.tasks.trigger({ name: "onceFlaky", input: {} })).unwrap();
    expect(await settled(errand, retried.id)).toMatchObject({
      status: "success",
      attempt: 2,
      output: "second",
    });
    const delayed = (
      await errand.tasks.trigger({ name: "onceFlaky", input: {}, options: { delayMs: 30 } })
    ).unwrap();
    expect(await settled(errand, delayed.id)).toMatchObject({ status: "success", attempt: 1 });
  });

  it("skips the store's announcement of its own errand's insert, and wakes for another errand's", async () => {
    // A store announcing inserts to subscribers, with the inserting errand's origin, as Postgres
    // does with NOTIFY; the test sends the announcements itself.
    const store = memoryStore();
    const subscribers = new Set<(origin?: string) => void>();
    const origins: (string | undefined)[] = [];
    let claims = 0;
    const announcing: Store = {
      ...store,
      insert: (rows, scope) => {
        origins.push(scope?.origin);
        return store.insert(rows, scope);
      },
      claim: (request) => {
        claims++;
        return store.claim(request);
      },
      subscribe: (onTasksAvailable) => {
        subscribers.add(onTasksAvailable);
        return () => subscribers.delete(onTasksAvailable);
      },
    };
    const announce = (origin: string | undefined) => {
      for (const subscriber of subscribers) subscriber(origin);
    };
    const turns = async (count: number) => {
      for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const step = defineTask({
      name: "step",
      input: z.object({}),
      run: ({ controller }) => controller.success(),
    });
    const errand = testErrand({ tasks: { step }, store: announcing });
    const other = testErrand({ tasks: { step }, store: announcing });
    errand.runner({ concurrency: 1, pollIntervalMs: 60_000 }).start();
    const own = (await errand.tasks.trigger({ name: "step", input: {} })).unwrap();
    await settled(errand, own.id);
    const ownOrigin = origins[0];
    expect(ownOrigin).toEqual(expect.any(String));
    await turns(5);
    const before = claims;
    announce(ownOrigin);
    // A woken loop claims within two turns: this one was not woken.
    await turns(5);
    expect(claims).toBe(before);
    const theirs = (await other.tasks.trigger({ name: "step", input: {} })).unwrap();
    expect(origins[1]).toEqual(expect.any(String));
    expect(origins[1]).not.toBe(ownOrigin);
    announce(origins[1]);
    expect(await settled(errand, theirs.id)).toMatchObject({ status: "success" });
  });

  it("finds by the poll a task that another process delayed, after its own claims found nothing due", async () => {
    // Nothing signals this runner when the other errand's task comes due: only its poll can, even
    // though its latest claim came back short (it skips claims that freed slots alone would make).
    const store = memoryStore();
    const ran: number[] = [];
    const step = defineTask({
      name: "step",
      input: z.object({ n: z.number() }),
      run: ({ input, controller }) => {
        ran.push(input.n);
        return controller.success();
      },
    });
    const runnerSide = testErrand({ tasks: { step }, store });
    const otherProcess = testErrand({ tasks: { step }, store });
    runnerSide.runner({ concurrency: 2, pollIntervalMs: 20 }).start();
    const own = (await runnerSide.tasks.trigger({ name: "step", input: { n: 1 } })).unwrap();
    await settled(runnerSide, own.id);
    const delayed = (
      await otherProcess.tasks.trigger({ name: "step", input: { n: 2 }, options: { delayMs: 50 } })
    ).unwrap();
    expect(await settled(runnerSide, delayed.id)).toMatchObject({ status: "success", attempt: 1 });
    expect(ran).toEqual([1, 2]);
  });
});
