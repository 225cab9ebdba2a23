import { describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStore } from "../src/memory/memoryStore.js";
import { Result } from "../src/result.js";
import { defineTask } from "../src/task/defineTask.js";
import { newTaskId } from "../src/util/ids.js";
import { eventually, settled, sleep, testErrand } from "./helpers.js";

function gatedTask(name: string) {
  const state = { started: false, signalled: false };
  const definition = defineTask({
    name,
    input: z.object({}),
    run: async ({ signal, controller }) => {
      state.started = true;
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
      state.signalled = true;
      return controller.success();
    },
  });
  return { definition, state };
}

describe("abort", () => {
  it("aborts a pending task at once and a running one through its signal", async () => {
    const { definition: waits, state } = gatedTask("waits");
    const errand = testErrand({ tasks: { waits } });
    const pending = (
      await errand.tasks.trigger({ name: "waits", input: {}, options: { delayMs: 60_000 } })
    ).unwrap();
    expect((await errand.tasks.abort(pending.id, "changed my mind")).unwrap()).toMatchObject({
      status: "aborted",
      error: { code: "ABORTED", message: "changed my mind" },
    });
    const running = (await errand.tasks.trigger({ name: "waits", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    await eventually(() => state.started);
    expect((await errand.tasks.abort(running.id, "stop now")).unwrap().status).toBe("running");
    expect(await settled(errand, running.id)).toMatchObject({
      status: "aborted",
      error: { message: "stop now" },
    });
    expect(state.signalled).toBe(true);
    const again = await errand.tasks.abort(running.id);
    expect(again.isFail() && again.error.code).toBe("CONFLICT");
  });

  it("reaches a running task held by another process through the heartbeat", async () => {
    const { definition: waits, state } = gatedTask("waits");
    const store = memoryStore();
    const runnerSide = testErrand({ tasks: { waits }, store });
    const otherProcess = testErrand({ tasks: { waits }, store });
    const { id } = (await otherProcess.tasks.trigger({ name: "waits", input: {} })).unwrap();
    runnerSide.runner({ pollIntervalMs: 5, leaseMs: 90, heartbeatMs: 20 }).start();
    await eventually(() => state.started);
    // `otherProcess` shares the store but not the runner, so only the heartbeat can carry the abort.
    await otherProcess.tasks.abort(id);
    expect(await settled(runnerSide, id)).toMatchObject({ status: "aborted", error: { code: "ABORTED" } });
  });
});

describe("leases and stopping", () => {
  it("takes over a task whose runner died once its lease runs out", async () => {
    let runs = 0;
    const once = defineTask({
      name: "once",
      input: z.object({}),
      run: ({ controller }) => controller.success(++runs),
    });
    const store = memoryStore();
    const errand = testErrand({ tasks: { once }, store });
    const { id } = (await errand.tasks.trigger({ name: "once", input: {} })).unwrap();
    // A runner that claims and then vanishes: it never heartbeats or settles.
    const [claimed] = await store.claim({ runnerId: "dead", limit: 1, leaseMs: 50, now: Date.now() });
    expect(claimed?.id).toBe(id);
    errand.runner({ pollIntervalMs: 5, leaseMs: 1_000, heartbeatMs: 10 }).start();
    expect(await settled(errand, id)).toMatchObject({ status: "success", attempt: 2, output: 1 });
    expect(runs).toBe(1);
  });

  it("stops gracefully: in-flight tasks finish within the grace, the rest go back to pending", async () => {
    const quick = defineTask({
      name: "quick",
      input: z.object({}),
      run: async ({ controller }) => {
        await sleep(30);
        return controller.success("done");
      },
    });
    const { definition: stuck, state } = gatedTask("stuck");
    const errand = testErrand({ tasks: { quick, stuck } });
    const a = (await errand.tasks.trigger({ name: "quick", input: {} })).unwrap();
    const b = (await errand.tasks.trigger({ name: "stuck", input: {} })).unwrap();
    const runner = errand.runner({ pollIntervalMs: 5 }).start();
    await eventually(() => state.started && runner.activeTaskIds.length === 2);
    const later = (await errand.tasks.trigger({ name: "quick", input: {} })).unwrap();
    await runner.stop({ graceMs: 200 });
    expect((await errand.tasks.get(a.id)).unwrap()).toMatchObject({ status: "success", output: "done" });
    // Handed back untouched: pending, and the attempt it was on does not count.
    expect((await errand.tasks.get(b.id)).unwrap()).toMatchObject({ status: "pending", attempt: 0 });
    expect((await errand.tasks.get(later.id)).unwrap()).toMatchObject({ status: "pending", attempt: 0 });
    const resumed = errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, later.id)).toMatchObject({ status: "success" });
    await resumed.stop({ graceMs: 0 });
  });

  it("runs higher priority first, then earlier runAt", async () => {
    const order: string[] = [];
    const record = defineTask({
      name: "record",
      input: z.object({ label: z.string() }),
      run: ({ input, controller }) => {
        order.push(input.label);
        return controller.success();
      },
    });
    const errand = testErrand({ tasks: { record } });
    const past = new Date(Date.now() - 1_000);
    await errand.tasks.trigger({ name: "record", input: { label: "low" }, options: { priority: -1 } });
    await errand.tasks.trigger({ name: "record", input: { label: "normal-late" } });
    await errand.tasks.trigger({
      name: "record",
      input: { label: "normal-early" },
      options: { runAt: past },
    });
    await errand.tasks.trigger({ name: "record", input: { label: "urgent" }, options: { priority: 5 } });
    errand.runner({ concurrency: 1, pollIntervalMs: 5 }).start();
    await eventually(() => order.length === 4);
    expect(order).toEqual(["urgent", "normal-early", "normal-late", "low"]);
  });
});

describe("hooks", () => {
  it("runs global then per-task hooks around a run, and a throwing hook never stops the runner", async () => {
    const calls: string[] = [];
    const hooked = defineTask({
      name: "hooked",
      input: z.object({ fail: z.boolean() }),
      retry: { maxAttempts: 1 },
      run: ({ input, controller }) => (input.fail ? controller.error("no") : controller.success(1)),
      onBeforeRun: () => void calls.push("task:before"),
      onSuccess: ({ output }) => void calls.push(`task:success:${output}`),
      onError: ({ willRetry }) => void calls.push(`task:error:${willRetry}`),
      onAfterRun: ({ outcome }) => {
        calls.push(`task:after:${outcome.type}`);
        throw new Error("hook bug");
      },
    });
    const errand = testErrand({
      tasks: { hooked },
      hooks: {
        onBeforeRun: () => void calls.push("global:before"),
        onAfterRun: () => void calls.push("global:after"),
        onAfterTrigger: ({ task }) => void calls.push(`global:triggered:${task.name}`),
      },
    });
    const ok = (await errand.tasks.trigger({ name: "hooked", input: { fail: false } })).unwrap();
    errand.runner({ concurrency: 1, pollIntervalMs: 5 }).start();
    await settled(errand, ok.id);
    await eventually(() => calls.includes("task:after:success"));
    expect(calls).toEqual([
      "global:triggered:hooked",
      "global:before",
      "task:before",
      "global:after",
      "task:success:1",
      "task:after:success",
    ]);
    calls.length = 0;
    const bad = (await errand.tasks.trigger({ name: "hooked", input: { fail: true } })).unwrap();
    expect(await settled(errand, bad.id)).toMatchObject({ status: "failed" });
    await eventually(() => calls.includes("task:after:error"));
    expect(calls).toContain("task:error:false");
  });

  it("lets onBeforeTrigger veto with a failed Result, and treats a throw as a veto; nothing is stored", async () => {
    const noop = defineTask({
      name: "noop",
      input: z.object({ user: z.string() }),
      run: ({ controller }) => controller.success(),
    });
    const errand = testErrand({
      tasks: { noop },
      hooks: {
        onBeforeTrigger: ({ input }) => {
          const user = (input as { user: string }).user;
          if (user === "mallory") return Result.fail(new Error("mallory may not trigger tasks"));
          if (user === "bug") throw new Error("hook crashed");
        },
      },
    });
    const vetoed = await errand.tasks.trigger({ name: "noop", input: { user: "mallory" } });
    expect(vetoed.isFail() && [vetoed.error.code, vetoed.error.message]).toEqual([
      "VETOED",
      'Trigger of "noop" refused: mallory may not trigger tasks',
    ]);
    const crashed = await errand.tasks.trigger({ name: "noop", input: { user: "bug" } });
    expect(crashed.isFail() && crashed.error.code).toBe("VETOED");
    const many = await errand.tasks.triggerMany([
      { name: "noop", input: { user: "alice" } },
      { name: "noop", input: { user: "mallory" } },
    ]);
    expect(many.isFail() && many.error.message).toMatch(/^Request 1: /);
    expect((await errand.tasks.list()).unwrap().items).toEqual([]);
    expect((await errand.tasks.trigger({ name: "noop", input: { user: "alice" } })).isOk()).toBe(true);
  });
});

describe("context and logs", () => {
  it("gives run the app context and a task API whose triggers become children", async () => {
    const child = defineTask({
      name: "child",
      input: z.object({ n: z.number() }),
      run: ({ input, controller }) => controller.success(input.n),
    });
    const parent = defineTask({
      name: "parent",
      input: z.object({}),
      run: async ({ context, controller, task }) => {
        const spawned = await context.tasks.triggerMany([
          { name: "child", input: { n: 1 } },
          { name: "child", input: { n: 2 } },
        ]);
        if (spawned.isFail()) return controller.error(spawned.error);
        return controller.success({
          children: spawned.value.map((c) => c.parentId === task.id),
          greeting: (context as { greeting?: string }).greeting,
        });
      },
    });
    const errand = testErrand({ tasks: { child, parent }, context: { greeting: "hi" } as never });
    const { id } = (await errand.tasks.trigger({ name: "parent", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, id)).toMatchObject({
      status: "success",
      output: { children: [true, true], greeting: "hi" },
    });
    const children = (await errand.tasks.list({ parentId: id })).unwrap().items;
    expect(children).toHaveLength(2);
    for (const c of children) expect(await settled(errand, c.id)).toMatchObject({ status: "success" });
  });

  it("keeps the log lines a task writes with the task", async () => {
    const chatty = defineTask({
      name: "chatty",
      input: z.object({}),
      run: ({ logger, controller }) => {
        logger.info({ rows: 10 }, "imported");
        logger.warn("slow page");
        logger.debug("not kept at the default level");
        return controller.success();
      },
    });
    const errand = testErrand({ tasks: { chatty } });
    const { id } = (await errand.tasks.trigger({ name: "chatty", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    await settled(errand, id);
    const lines = await eventually(async () => {
      const logs = (await errand.tasks.logs(id)).unwrap();
      return logs.length === 2 ? logs : undefined;
    });
    expect(lines.map((l) => [l.level, l.message, l.data, l.attempt])).toEqual([
      ["info", "imported", { rows: 10 }, 1],
      ["warn", "slow page", null, 1],
    ]);
    expect((await errand.tasks.logs(newTaskId())).isFail()).toBe(true);
  });
});

describe("store failures", () => {
  it("turns a store that throws into a STORE error and keeps nothing half-done", async () => {
    const noop = defineTask({
      name: "noop",
      input: z.object({}),
      run: ({ controller }) => controller.success(),
    });
    const store = memoryStore();
    const broken = { ...store, insert: async () => Promise.reject(new Error("disk full")) };
    const errand = testErrand({ tasks: { noop }, store: broken });
    const result = await errand.tasks.trigger({ name: "noop", input: {} });
    expect(result.isFail() && [result.error.code, result.error.message]).toEqual([
      "STORE",
      "The task store failed during insert: disk full",
    ]);
    expect(await store.list({ limit: 10 })).toEqual({ rows: [], nextCursor: null });
  });
});
