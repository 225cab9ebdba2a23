import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createErrand } from "../src/errand/createErrand.js";
import { memoryStore } from "../src/memory/memoryStore.js";
import { defineTask } from "../src/task/defineTask.js";
import { runTaskOnce } from "../src/testing/runTaskOnce.js";
import { settled, testErrand } from "./helpers.js";

const sendEmail = defineTask({
  name: "sendEmail",
  input: z.object({ to: z.email(), subject: z.string().min(1), sendAt: z.date().optional() }),
  output: z.object({ messageId: z.string() }),
  retry: { maxAttempts: 5 },
  run: ({ input, controller }) => controller.success({ messageId: `to:${input.to}` }),
});
const failing = defineTask({
  name: "failing",
  input: z.object({}),
  retry: { maxAttempts: 1 },
  run: ({ controller }) => controller.error("no"),
});

const make = () => testErrand({ tasks: { sendEmail, failing } });

describe("trigger", () => {
  it("rejects bad input with the zod issues and stores nothing", async () => {
    const errand = make();
    const result = await errand.tasks.trigger({
      name: "sendEmail",
      input: { to: "not-an-email", subject: "" },
    });
    expect(result.isFail()).toBe(true);
    if (!result.isFail()) return;
    expect(result.error.code).toBe("VALIDATION");
    expect(result.error.message).toContain('Invalid input for task "sendEmail"');
    expect((result.error.data as { issues: { path: string[] }[] }).issues.map((i) => i.path)).toEqual([
      ["to"],
      ["subject"],
    ]);
    expect((await errand.tasks.list()).unwrap().items).toEqual([]);
  });

  it("rejects an unknown name and bad options, naming what is wrong", async () => {
    const errand = make();
    const unknown = await errand.tasks.trigger({
      name: "sendEmial" as "sendEmail",
      input: { to: "a@b.co", subject: "x" },
    });
    expect(unknown.isFail() && unknown.error.code).toBe("UNKNOWN_TASK");
    expect(unknown.isFail() && unknown.error.message).toContain("Known tasks: failing, sendEmail");
    const options = await errand.tasks.trigger({
      name: "sendEmail",
      input: { to: "a@b.co", subject: "x" },
      options: { priority: 1.5, delayMs: -1 },
    });
    expect(options.isFail() && options.error.code).toBe("VALIDATION");
    expect(options.isFail() && options.error.message).toMatch(
      /priority[\s\S]*delayMs|delayMs[\s\S]*priority/,
    );
    const extra = await errand.tasks.trigger({
      name: "sendEmail",
      input: { to: "a@b.co", subject: "x" },
      options: { prio: 1 } as never,
    });
    expect(extra.isFail() && extra.error.code).toBe("VALIDATION");
    expect((await errand.tasks.list()).unwrap().items).toEqual([]);
  });

  it("keeps Dates and applies options: delay, priority, maxAttempts, idempotency", async () => {
    const errand = make();
    const sendAt = new Date("2030-01-01T00:00:00Z");
    const first = (
      await errand.tasks.trigger({
        name: "sendEmail",
        input: { to: "a@b.co", subject: "hi", sendAt },
        options: { delayMs: 60_000, priority: 3, idempotencyKey: "welcome-a" },
      })
    ).unwrap();
    expect(first.input.sendAt).toEqual(sendAt);
    expect(first).toMatchObject({ priority: 3, maxAttempts: 5, idempotencyKey: "welcome-a" });
    expect(first.runAt.getTime() - first.createdAt.getTime()).toBe(60_000);
    const again = (
      await errand.tasks.trigger({
        name: "sendEmail",
        input: { to: "other@b.co", subject: "x" },
        options: { idempotencyKey: "welcome-a" },
      })
    ).unwrap();
    expect(again.id).toBe(first.id);
    expect(again.input).toEqual({ to: "a@b.co", subject: "hi", sendAt });
    expect((await errand.tasks.list()).unwrap().items).toHaveLength(1);
    const stored = (await errand.tasks.get(first.id, { name: "sendEmail" })).unwrap();
    expect(stored.input.sendAt).toEqual(sendAt);
  });

  it("triggers many all or nothing", async () => {
    const errand = make();
    const bad = await errand.tasks.triggerMany([
      { name: "sendEmail", input: { to: "a@b.co", subject: "1" } },
      { name: "sendEmail", input: { to: "nope", subject: "2" } },
    ]);
    expect(bad.isFail() && bad.error.message).toMatch(/^Request 1: Invalid input/);
    expect(bad.isFail() && (bad.error.data as { index: number }).index).toBe(1);
    expect((await errand.tasks.list()).unwrap().items).toEqual([]);
    const good = (
      await errand.tasks.triggerMany([
        { name: "sendEmail", input: { to: "a@b.co", subject: "1" } },
        { name: "failing", input: {} },
      ])
    ).unwrap();
    expect(good.map((r) => r.name)).toEqual(["sendEmail", "failing"]);
    expect((await errand.tasks.triggerMany([])).unwrap()).toEqual([]);
  });
});

describe("management", () => {
  it("lists newest first with cursor pages and filters", async () => {
    const errand = make();
    for (let i = 0; i < 5; i++)
      await errand.tasks.trigger({ name: "sendEmail", input: { to: "a@b.co", subject: `${i}` } });
    await errand.tasks.trigger({ name: "failing", input: {} });
    const first = (await errand.tasks.list({ limit: 4 })).unwrap();
    expect(first.items[0]!.name).toBe("failing");
    const second = (await errand.tasks.list({ limit: 4, cursor: first.nextCursor! })).unwrap();
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((t) => t.id)).toHaveLength(6);
    expect((await errand.tasks.list({ name: "sendEmail" })).unwrap().items).toHaveLength(5);
    // Regression: list once returned each item's position as its input.
    const inputs = (await errand.tasks.list({ name: "sendEmail" })).unwrap().items.map((t) => t.input);
    expect(inputs).toEqual([4, 3, 2, 1, 0].map((i) => ({ to: "a@b.co", subject: `${i}` })));
    const badQuery = await errand.tasks.list({ limit: 0 });
    expect(badQuery.isFail() && badQuery.error.code).toBe("VALIDATION");
    const badStatus = await errand.tasks.list({ status: "done" as "success" });
    expect(badStatus.isFail() && badStatus.error.code).toBe("VALIDATION");
  });

  it("updates only pending tasks, re-validating input", async () => {
    const errand = make();
    const task = (
      await errand.tasks.trigger({ name: "sendEmail", input: { to: "a@b.co", subject: "x" } })
    ).unwrap();
    const updated = (
      await errand.tasks.update(task.id, {
        name: "sendEmail",
        input: { to: "c@d.co", subject: "y" },
        priority: 9,
      })
    ).unwrap();
    expect(updated).toMatchObject({ input: { to: "c@d.co", subject: "y" }, priority: 9 });
    // @ts-expect-error subject is missing; the run-time check refuses it too
    const invalid = await errand.tasks.update(task.id, { name: "sendEmail", input: { to: "bad" } });
    expect(invalid.isFail() && invalid.error.code).toBe("VALIDATION");
    expect((await errand.tasks.get(task.id)).unwrap().input).toEqual({ to: "c@d.co", subject: "y" });
    errand.runner({ pollIntervalMs: 5 }).start();
    await settled(errand, task.id);
    const late = await errand.tasks.update(task.id, { priority: 1 });
    expect(late.isFail() && [late.error.code, late.error.message]).toEqual([
      "CONFLICT",
      `Cannot update task "${task.id}": it is success, and only a pending task can be updated.`,
    ]);
    const missing = await errand.tasks.update("nope", { priority: 1 });
    expect(missing.isFail() && missing.error.code).toBe("NOT_FOUND");
  });

  it("retries a failed task, deletes finished ones, and counts by name and status", async () => {
    const errand = make();
    const task = (await errand.tasks.trigger({ name: "failing", input: {} })).unwrap();
    const runner = errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, task.id)).toMatchObject({ status: "failed", attempt: 1 });
    const stats = (await errand.tasks.stats()).unwrap();
    expect(stats.byName.failing).toEqual({ pending: 0, running: 0, success: 0, failed: 1, aborted: 0 });
    expect(stats.byName.sendEmail).toEqual({ pending: 0, running: 0, success: 0, failed: 0, aborted: 0 });
    expect(stats.total.failed).toBe(1);
    await runner.stop({ graceMs: 0 });
    expect((await errand.tasks.retry(task.id)).unwrap()).toMatchObject({
      status: "pending",
      attempt: 0,
      error: null,
    });
    const notFailed = await errand.tasks.retry(task.id);
    expect(notFailed.isFail() && notFailed.error.code).toBe("CONFLICT");
    expect((await errand.tasks.delete(task.id)).unwrap()).toEqual({ id: task.id });
    const gone = await errand.tasks.get(task.id);
    expect(gone.isFail() && gone.error.code).toBe("NOT_FOUND");
  });
});

describe("runTaskOnce", () => {
  it("runs one attempt of a task with no store or runner to set up", async () => {
    const result = await runTaskOnce(sendEmail, { to: "a@b.co", subject: "hi" });
    expect(result).toEqual({
      ok: true,
      value: {
        status: "success",
        output: { messageId: "to:a@b.co" },
        error: null,
        willRunAgain: false,
        input: { to: "a@b.co", subject: "hi" },
        progress: null,
        statusMessage: null,
      },
    });
    const retried = await runTaskOnce(
      defineTask({ name: "x", input: z.object({}), run: ({ controller }) => controller.error("later") }),
      {},
    );
    expect(retried.ok && retried.value).toMatchObject({
      status: "pending",
      willRunAgain: true,
      error: { message: "later" },
    });
    const paging = defineTask({
      name: "paging",
      input: z.object({ page: z.number() }),
      run: ({ input, controller }) => controller.continue({ input: { page: input.page + 1 } }),
    });
    const checkpoint = await runTaskOnce(paging, { page: 1 });
    expect(checkpoint.ok && checkpoint.value).toMatchObject({
      status: "pending",
      willRunAgain: true,
      input: { page: 2 },
    });
    const invalid = await runTaskOnce(sendEmail, { to: "x", subject: "" });
    expect(invalid.ok === false && invalid.error.code).toBe("VALIDATION");
  });
});

describe("definitions", () => {
  it("rejects bad task definitions with a message that says what to fix", () => {
    const run = ({ controller }: { controller: { success(): never } }) => controller.success();
    expect(() => defineTask({ name: "1bad", input: z.object({}), run } as never)).toThrow(
      /name must be a string matching/,
    );
    expect(() => defineTask({ name: "ok", input: { parse() {} }, run } as never)).toThrow(
      /input must be a zod schema/,
    );
    expect(() =>
      defineTask({ name: "ok", input: z.object({}), retry: { maxAttempts: 0 }, run } as never),
    ).toThrow(/maxAttempts/);
    expect(() => defineTask({ name: "ok", input: z.object({}), timeoutMs: -5, run } as never)).toThrow(
      /timeoutMs/,
    );
    expect(() => defineTask({ name: "ok", input: z.object({}) } as never)).toThrow(/run must be a function/);
  });

  it("rejects a registry with a task under another key than its name, or something that is not a task", () => {
    const a = defineTask({
      name: "same",
      input: z.object({}),
      run: ({ controller }) => controller.success(),
    });
    const b = defineTask({
      name: "same",
      input: z.object({}),
      run: ({ controller }) => controller.success(),
    });
    // Two tasks of one name can only be told apart by their keys: each must be keyed by its name.
    expect(() => createErrand({ tasks: { same: a, b }, store: memoryStore() })).toThrow(
      /tasks.b is the task named "same"; key each task by its name/,
    );
    expect(() => createErrand({ tasks: { a: {} } as never, store: memoryStore() })).toThrow(
      /tasks.a is not a task definition/,
    );
    expect(() => createErrand({ tasks: { same: a }, store: {} as never })).toThrow(/`store` must be a Store/);
    const errand = createErrand({ tasks: { same: a }, store: memoryStore() });
    expect(() => errand.runner({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => errand.runner({ names: ["other"] })).toThrow(/no task named other/);
  });
});
