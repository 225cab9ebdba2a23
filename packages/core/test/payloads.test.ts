import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTask } from "../src/task/defineTask.js";
import { MAX_PAYLOAD_DEPTH } from "../src/util/payloadShape.js";
import { eventually, settled, testErrand } from "./helpers.js";

/*
 * Regression: payloads superjson cannot carry (a `__proto__`, `constructor` or `prototype` key;
 * nesting deep enough to overflow its recursive walk) were stored through the plain-JSON fast path
 * or failed as STORE, and then every read that included the task failed. Each is refused where it
 * enters (trigger, update, output, continue) with VALIDATION, and nothing is stored.
 */

const nested = (levels: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

const anything = defineTask({
  name: "anything",
  input: z.object({ data: z.unknown() }),
  run: ({ controller }) => controller.success(),
});
const withPrototype = defineTask({
  name: "withPrototype",
  input: z.object({ prototype: z.string() }),
  run: ({ controller }) => controller.success(),
});
const echo = defineTask({
  name: "echo",
  input: z.object({ output: z.enum(["key", "deep"]) }),
  retry: { maxAttempts: 3 },
  run: ({ input, controller }) =>
    controller.success(input.output === "key" ? JSON.parse('{"prototype":1}') : nested(2_000)),
});
const checkpoint = defineTask({
  name: "checkpoint",
  input: z.object({ next: z.unknown().optional() }),
  retry: { maxAttempts: 3 },
  run: ({ input, controller }) =>
    input.next === undefined
      ? controller.continue({ input: { next: { constructor: "x" } } })
      : controller.success(),
});

const badData = defineTask({
  name: "badData",
  input: z.object({}),
  run: ({ controller, logger }) => {
    logger.info(JSON.parse('{"prototype":{"x":1}}'), "a line with data superjson refuses");
    return controller.error(JSON.parse('{"constructor":"x"}'), { retry: false });
  },
});

const make = () => testErrand({ tasks: { anything, withPrototype, echo, checkpoint, badData } });

function refusal(result: { isFail(): boolean; error?: unknown }) {
  expect(result.isFail()).toBe(true);
  return (result as { error: { code: string; message: string; data: unknown } }).error;
}

describe("payloads superjson cannot carry", () => {
  it.each(["__proto__", "constructor", "prototype"])(
    "refuses an input with a %s key at trigger with VALIDATION, storing nothing",
    async (key) => {
      const errand = make();
      const input = JSON.parse(`{"data":{"list":[{"${key}":{"polluted":true}}]}}`);
      const error = refusal(await errand.tasks.trigger({ name: "anything", input }));
      expect(error.code).toBe("VALIDATION");
      expect(error.message).toContain(`input.data.list[0].${key}`);
      expect(error.message).toMatch(/rename/i);
      expect((await errand.tasks.list()).unwrap().items).toEqual([]);
    },
  );

  it("refuses a schema field named prototype with a message that names it", async () => {
    const errand = make();
    const error = refusal(await errand.tasks.trigger({ name: "withPrototype", input: { prototype: "x" } }));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toContain('task "withPrototype"');
    expect(error.message).toContain("input.prototype");
  });

  it("refuses input nested 2,000 levels deep with VALIDATION, not STORE", async () => {
    const errand = make();
    const error = refusal(await errand.tasks.trigger({ name: "anything", input: { data: nested(2_000) } }));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toContain(`${MAX_PAYLOAD_DEPTH} levels`);
    expect((await errand.tasks.list()).unwrap().items).toEqual([]);
  });

  it("stores and reads back input nested exactly to the limit", async () => {
    const errand = make();
    // `{ data: ... }` is one level itself.
    const input = { data: nested(MAX_PAYLOAD_DEPTH - 1, new Date(5)) };
    const task = (await errand.tasks.trigger({ name: "anything", input })).unwrap();
    expect((await errand.tasks.get(task.id)).unwrap().input).toEqual(input);
    const [listed] = (await errand.tasks.list()).unwrap().items;
    expect(superjson.parse(superjson.stringify(listed))).toEqual(listed);
  });

  it("refuses a cycle, which no JSON reader could show", async () => {
    const errand = make();
    const data: Record<string, unknown> = { a: 1 };
    data.self = data;
    const error = refusal(await errand.tasks.trigger({ name: "anything", input: { data } }));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toMatch(/refers to itself/);
  });

  it("refuses the same in an update of a pending task", async () => {
    const errand = make();
    const task = (await errand.tasks.trigger({ name: "anything", input: { data: 1 } })).unwrap();
    const error = refusal(
      await errand.tasks.update(task.id, {
        name: "anything",
        input: { data: JSON.parse('{"__proto__":{"x":1}}') },
      }),
    );
    expect(error.code).toBe("VALIDATION");
    expect((await errand.tasks.get(task.id)).unwrap().input).toEqual({ data: 1 });
  });

  it("fails a task whose output cannot be stored, without retrying, and the task stays readable", async () => {
    const errand = make();
    const ids = [];
    for (const output of ["key", "deep"] as const)
      ids.push((await errand.tasks.trigger({ name: "echo", input: { output } })).unwrap().id);
    errand.runner({ pollIntervalMs: 10 }).start();
    for (const id of ids) {
      const record = await settled(errand, id);
      expect(record.status).toBe("failed");
      expect(record.attempt).toBe(1);
      expect(record.error?.code).toBe("VALIDATION");
      expect(record.error?.message).toMatch(/output .*cannot be stored/);
      expect(superjson.parse(superjson.stringify(record))).toEqual(record);
    }
  });

  it("fails a task that continues with input that cannot be stored", async () => {
    const errand = make();
    const task = (await errand.tasks.trigger({ name: "checkpoint", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 10 }).start();
    const record = await settled(errand, task.id);
    expect(record.status).toBe("failed");
    expect(record.error?.code).toBe("VALIDATION");
    expect(record.error?.message).toContain("input.next.constructor");
    expect(superjson.parse(superjson.stringify(record))).toEqual(record);
  });

  it("keeps a task readable whose error data or log data cannot be stored, saying what was dropped", async () => {
    const errand = make();
    const task = (await errand.tasks.trigger({ name: "badData", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 10 }).start();
    const record = await settled(errand, task.id);
    expect(record.status).toBe("failed");
    expect(record.error?.data).toBeUndefined();
    expect(superjson.parse(superjson.stringify(record))).toEqual(record);
    const logs = await eventually(async () => {
      const lines = (await errand.tasks.logs(task.id)).unwrap();
      return lines.length > 0 ? lines : undefined;
    });
    expect(logs[0]!.data).toEqual({ dropped: expect.stringContaining('"prototype"') });
    expect(superjson.parse(superjson.stringify(logs))).toEqual(logs);
  });
});
