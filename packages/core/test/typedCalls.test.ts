import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTask } from "../src/task/defineTask.js";
import { settled, testErrand } from "./helpers.js";

const child = defineTask({
  name: "child",
  input: z.object({ n: z.number() }),
  run: ({ input, controller }) => controller.success({ doubled: input.n * 2 }),
});

const parent = defineTask({
  name: "parent",
  input: z.object({ n: z.number() }),
  async run({ input, controller, context }) {
    const triggered = await context.tasks.trigger(child, { n: input.n }, { priority: 5 });
    if (triggered.isFail()) return controller.error(triggered.error);
    return controller.success({ childId: triggered.value.id });
  },
});

const normalises = defineTask({
  name: "normalises",
  input: z.object({}),
  output: z.object({
    at: z.date().transform((date) => date.toISOString()),
    email: z.string().trim().toLowerCase(),
    retries: z.number().default(3),
  }),
  run: ({ controller }) =>
    controller.success({ at: new Date(0), email: "  Ada@Example.COM ", extra: "dropped" } as {
      at: Date;
      email: string;
    }),
});

const seen: unknown[] = [];
afterEach(() => {
  seen.length = 0;
});

describe("typed calls", () => {
  it("triggers a child from its definition, with the parent's id and the options given", async () => {
    const errand = testErrand({ tasks: { child, parent } });
    const { id } = (await errand.tasks.trigger(parent, { n: 4 })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    const done = await settled(errand, id);
    expect(done.status).toBe("success");
    const childId = (done.output as { childId: string }).childId;
    const childRecord = await settled(errand, childId);
    expect(childRecord).toMatchObject({ name: "child", parentId: id, priority: 5, output: { doubled: 8 } });
  });

  it("refuses a definition this errand did not register, naming the known tasks; nothing is stored", async () => {
    const errand = testErrand({ tasks: { child } });
    const failed = await errand.tasks.trigger(parent, { n: 1 });
    expect(failed.isFail() && failed.error.code).toBe("UNKNOWN_TASK");
    expect(failed.isFail() && failed.error.message).toMatch(
      /"parent" given to trigger is not registered.*Known tasks: child/,
    );
    const lookalike = defineTask({
      name: "child",
      input: z.object({}),
      run: ({ controller }) => controller.success(),
    });
    const other = await errand.tasks.trigger(lookalike, {});
    expect(other.isFail() && other.error.code).toBe("UNKNOWN_TASK");
    expect((await errand.tasks.list()).unwrap().items).toHaveLength(0);
  });

  it("validates a definition-form trigger's input against the schema", async () => {
    const errand = testErrand({ tasks: { child } });
    const failed = await errand.tasks.trigger(child, { n: "1" as unknown as number });
    expect(failed.isFail() && failed.error.code).toBe("VALIDATION");
    expect((await errand.tasks.list()).unwrap().items).toHaveLength(0);
  });

  it("stores and hands on the output schema's parsed output: transforms, defaults, stripped keys", async () => {
    const errand = testErrand({
      tasks: { normalises },
      hooks: { onSuccess: ({ output }) => void seen.push(output) },
    });
    const { id } = (await errand.tasks.trigger({ name: "normalises", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    const done = await settled(errand, id);
    const parsed = { at: "1970-01-01T00:00:00.000Z", email: "ada@example.com", retries: 3 };
    expect(done).toMatchObject({ status: "success" });
    expect(done.output).toEqual(parsed);
    expect(seen).toEqual([parsed]);
  });

  it("get and update with a name refuse a task of another name and change nothing", async () => {
    const errand = testErrand({ tasks: { child, parent } });
    const { id } = (await errand.tasks.trigger({ name: "child", input: { n: 1 } })).unwrap();
    const wrong = await errand.tasks.get(id, { name: "parent" });
    expect(wrong.isFail() && wrong.error.code).toBe("NOT_FOUND");
    expect(wrong.isFail() && wrong.error.message).toMatch(/No task "parent" with id/);
    const update = await errand.tasks.update(id, { name: "parent", input: { n: 2 }, priority: 7 });
    expect(update.isFail() && update.error.code).toBe("NOT_FOUND");
    const stored = (await errand.tasks.get(id, { name: "child" })).unwrap();
    expect(stored).toMatchObject({ input: { n: 1 }, priority: 0 });
    const updated = (await errand.tasks.update(id, { name: "child", input: { n: 3 } })).unwrap();
    expect(updated.input).toEqual({ n: 3 });
  });

  it("lists only the tasks of the name given", async () => {
    const errand = testErrand({ tasks: { child, parent } });
    await errand.tasks.trigger({ name: "child", input: { n: 1 } });
    await errand.tasks.trigger({ name: "parent", input: { n: 1 } });
    const page = (await errand.tasks.list({ name: "child" })).unwrap();
    expect(page.items.map((item) => [item.name, item.input.n])).toEqual([["child", 1]]);
  });
});
