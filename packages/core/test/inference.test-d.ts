// Type tests: checked by `tsc --noEmit` (part of the test command), never executed.
import { expectTypeOf } from "vitest";
import { z } from "zod";
import type { Errand } from "../src/errand/createErrand.js";
import type { TaskError } from "../src/errors/taskError.js";
import type { InferringTaskController, TaskController } from "../src/task/controller.js";
import { defineTask } from "../src/task/defineTask.js";
import type { inferTaskInput, inferTaskOutput, inferTaskParsedInput } from "../src/task/infer.js";

export const sendEmail = defineTask({
  name: "sendEmail",
  input: z.object({ to: z.email(), subject: z.string(), retries: z.number().default(0) }),
  output: z.object({ messageId: z.string() }),
  run: async ({ input, controller }) => {
    expectTypeOf(input).toEqualTypeOf<{ to: string; subject: string; retries: number }>();
    // @ts-expect-error the output schema requires messageId: string
    controller.success({ messageId: 42 });
    // @ts-expect-error continue takes the input type; `to` must be a string
    controller.continue({ input: { to: 1, subject: "x" } });
    return controller.success({ messageId: "m-1" });
  },
});

export const resize = defineTask({
  name: "resize",
  input: z.object({ url: z.string(), width: z.number().int() }),
  // No output schema: the output type comes from controller.success.
  run: async ({ input, controller, task, signal, logger }) => {
    expectTypeOf(task.id).toBeString();
    expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
    expectTypeOf(logger.info).toBeFunction();
    if (input.width > 10_000) return controller.error(new Error("too wide"), { retry: false });
    return controller.success({ url: `${input.url}?w=${input.width}`, bytes: 10 });
  },
});

export const cleanup = defineTask({
  name: "cleanup",
  input: z.object({}),
  run: ({ controller }) => controller.success(),
});

// @ts-expect-error run must return a controller outcome, not a plain value
defineTask({ name: "plain", input: z.object({}), run: () => ({ ok: true }) });

// The schema constraint is the light `ZodSchemaLike` (for speed); a plain object still fails.
defineTask({
  name: "notASchema",
  // @ts-expect-error input must be a zod schema (z.object({ ... })), not a shape
  input: { to: z.string() },
  run: ({ controller }) => controller.success(),
});

defineTask({
  name: "wrongOut",
  input: z.object({}),
  output: z.string(),
  // @ts-expect-error with an output schema, success must be given that type
  run: ({ controller }) => controller.success(),
});

expectTypeOf<inferTaskInput<typeof sendEmail>>().toEqualTypeOf<{
  to: string;
  subject: string;
  retries?: number | undefined;
}>();
expectTypeOf<inferTaskParsedInput<typeof sendEmail>>().toEqualTypeOf<{
  to: string;
  subject: string;
  retries: number;
}>();
expectTypeOf<inferTaskOutput<typeof sendEmail>>().toEqualTypeOf<{ messageId: string }>();
expectTypeOf<inferTaskOutput<typeof resize>>().toEqualTypeOf<{ url: string; bytes: number }>();
expectTypeOf<inferTaskOutput<typeof cleanup>>().toEqualTypeOf<undefined>();
expectTypeOf(sendEmail.name).toEqualTypeOf<"sendEmail">();

declare const errand: Errand<{ sendEmail: typeof sendEmail; resize: typeof resize; cleanup: typeof cleanup }>;

export async function triggering() {
  const sent = await errand.tasks.trigger({ name: "sendEmail", input: { to: "a@b.co", subject: "hi" } });
  if (sent.isOk()) {
    expectTypeOf(sent.value.name).toEqualTypeOf<"sendEmail">();
    expectTypeOf(sent.value.output).toEqualTypeOf<{ messageId: string } | null>();
    expectTypeOf(sent.value.input.to).toBeString();
  } else {
    expectTypeOf(sent.error).toEqualTypeOf<TaskError>();
  }
  await errand.tasks.trigger({
    name: "resize",
    input: { url: "u", width: 3 },
    options: { priority: 2, delayMs: 10 },
  });

  // @ts-expect-error unknown task name
  await errand.tasks.trigger({ name: "sendEmial", input: { to: "a@b.co", subject: "hi" } });
  // @ts-expect-error wrong input type: width must be a number
  await errand.tasks.trigger({ name: "resize", input: { url: "u", width: "3" } });
  // @ts-expect-error missing field: subject
  await errand.tasks.trigger({ name: "sendEmail", input: { to: "a@b.co" } });
  // @ts-expect-error the input of another task
  await errand.tasks.trigger({ name: "cleanup", input: { url: "u", width: 3 } });
  // @ts-expect-error wrong option type: priority is a number
  await errand.tasks.trigger({ name: "cleanup", input: {}, options: { priority: "high" } });

  await errand.tasks.triggerMany([
    { name: "sendEmail", input: { to: "a@b.co", subject: "hi" } },
    { name: "resize", input: { url: "u", width: 1 } },
  ]);
  // @ts-expect-error each element is checked against its own task's schema
  await errand.tasks.triggerMany([{ name: "resize", input: { to: "a@b.co", subject: "hi" } }]);
}

export async function reading(id: string) {
  const got = await errand.tasks.get(id);
  if (got.isFail()) return;
  const record = got.value;
  // A record of any task: the store may hold tasks this registry no longer knows.
  expectTypeOf(record.name).toEqualTypeOf<string>();
  expectTypeOf(record.input).toEqualTypeOf<unknown>();
  const typed = (await errand.tasks.get(id, { name: "resize" })).unwrap();
  expectTypeOf(typed.input).toEqualTypeOf<{ url: string; width: number }>();
  if (typed.status === "success") expectTypeOf(typed.output).toEqualTypeOf<{ url: string; bytes: number }>();
  if (typed.status === "failed") expectTypeOf(typed.error.message).toBeString();
  if (typed.status === "pending") expectTypeOf(typed.output).toEqualTypeOf<null>();
  // @ts-expect-error the name is checked: no task is named "resise"
  await errand.tasks.get(id, { name: "resise" });

  const page = await errand.tasks.list({ status: "failed", limit: 10 });
  if (page.isOk()) expectTypeOf(page.value.items[0]!.name).toEqualTypeOf<string>();
  const resizes = (await errand.tasks.list({ name: "resize" })).unwrap();
  expectTypeOf(resizes.items[0]!.name).toEqualTypeOf<"resize">();
  expectTypeOf(resizes.items[0]!.input.width).toBeNumber();
  // @ts-expect-error list takes only registered names
  await errand.tasks.list({ name: "resise" });
  // @ts-expect-error not a status
  await errand.tasks.list({ status: "done" });

  await errand.tasks.update(id, { name: "resize", input: { url: "u", width: 2 }, priority: 3 });
  await errand.tasks.update(id, { priority: 3 });
  // @ts-expect-error the input is typed by the named task's schema: width is a number
  await errand.tasks.update(id, { name: "resize", input: { url: "u", width: "2" } });
  // @ts-expect-error a new input needs the task's name, to be typed and checked
  await errand.tasks.update(id, { input: { url: "u", width: 2 } });
}

// The output schema's input side goes in, its parsed output side is stored and returned.
export const stamped = defineTask({
  name: "stamped",
  input: z.object({}),
  output: z.object({ at: z.date().transform((date) => date.toISOString()), tag: z.string().default("x") }),
  run: ({ controller }) => controller.success({ at: new Date() }),
});
expectTypeOf<inferTaskOutput<typeof stamped>>().toEqualTypeOf<{ at: string; tag: string }>();
defineTask({
  name: "stampedWrong",
  input: z.object({}),
  output: z.object({ at: z.date().transform((date) => date.toISOString()) }),
  // @ts-expect-error success takes the schema's input side: a Date, not the string it becomes
  run: ({ controller }) => controller.success({ at: "2026-01-01" }),
});

// Several `success` calls: the output is their union, none swallowing another.
export const shapes = defineTask({
  name: "shapes",
  input: z.object({ n: z.number() }),
  run: ({ input, controller }) =>
    input.n > 0 ? controller.success({ a: 1 }) : controller.success({ a: 1, b: "two" }),
});
expectTypeOf<inferTaskOutput<typeof shapes>>().toEqualTypeOf<{ a: number } | { a: number; b: string }>();
type Shape = { kind: "circle"; r: number } | { kind: "square"; side: number };
export const discriminated = defineTask({
  name: "discriminated",
  input: z.object({}),
  run: ({ controller }) => controller.success({ kind: "circle", r: 1 } as Shape),
});
expectTypeOf<inferTaskOutput<typeof discriminated>>().toEqualTypeOf<Shape>();

// A child triggered from its definition is typed by it, with no registry and no cycle.
export const parentTask = defineTask({
  name: "parentTask",
  input: z.object({ url: z.string() }),
  async run({ input, controller, context }) {
    const child = await context.tasks.trigger(resize, { url: input.url, width: 10 }, { delayMs: 5 });
    if (child.isFail()) return controller.error(child.error);
    expectTypeOf(child.value.name).toEqualTypeOf<"resize">();
    if (child.value.status === "success") {
      expectTypeOf(child.value.output).toEqualTypeOf<{ url: string; bytes: number }>();
    }
    // @ts-expect-error the child's own schema: width is a number
    await context.tasks.trigger(resize, { url: input.url, width: "10" });
    return controller.success({ childId: child.value.id });
  },
});
expectTypeOf<inferTaskOutput<typeof parentTask>>().toEqualTypeOf<{ childId: string }>();

export async function triggeringByDefinition() {
  const sent = (await errand.tasks.trigger(sendEmail, { to: "a@b.co", subject: "hi" })).unwrap();
  expectTypeOf(sent.name).toEqualTypeOf<"sendEmail">();
  expectTypeOf(sent.input).toEqualTypeOf<{ to: string; subject: string; retries?: number | undefined }>();
  // @ts-expect-error missing field: subject
  await errand.tasks.trigger(sendEmail, { to: "a@b.co" });
  const which = "resize" as "resize" | "cleanup";
  // @ts-expect-error a union of names is refused: each trigger is of one task
  await errand.tasks.trigger({ name: which, input: {} });
}

// Hooks, schedules and limits are typed by the schemas, and `onSuccess` by what `run` returns.
export const hooked = defineTask({
  name: "hooked",
  input: z.object({ tenant: z.string(), n: z.number().default(1) }),
  schedule: { cron: "0 3 * * *", input: { tenant: "a" } },
  concurrency: {
    limit: 2,
    key: (input) => {
      expectTypeOf(input).toEqualTypeOf<{ tenant: string; n: number }>();
      return input.tenant;
    },
  },
  rateLimit: { limit: 2, periodMs: 10, key: (input) => input.tenant },
  onBeforeRun({ input }) {
    expectTypeOf(input).toEqualTypeOf<{ tenant: string; n: number }>();
  },
  async run({ input, controller }) {
    if (input.n > 1) return controller.success({ a: 1 });
    return controller.success({ a: 1, b: "x" });
  },
  onSuccess({ output }) {
    expectTypeOf(output).toEqualTypeOf<{ a: number } | { a: number; b: string }>();
  },
});
export const hookedWithOutput = defineTask({
  name: "hookedWithOutput",
  input: z.object({ tenant: z.string() }),
  output: z.object({ at: z.string().transform((at) => new Date(at)) }),
  onSuccess({ output }) {
    expectTypeOf(output).toEqualTypeOf<{ at: Date }>();
  },
  run: async ({ controller }) => controller.success({ at: "2026-01-01" }),
});
defineTask({
  name: "badSchedule",
  input: z.object({ tenant: z.string() }),
  // @ts-expect-error a schedule's input is the input schema's input type
  schedule: { cron: "0 3 * * *", input: { tenant: 1 } },
  run: async ({ controller }) => controller.success(),
});

// `run`'s controller is typed from the schemas; helpers can take it as the public controller types.
declare function finishEmail(controller: TaskController<{ to: string }, { messageId: string }>): void;
declare function finishAny(controller: InferringTaskController<{ url: string }>): void;
defineTask({
  name: "helpers",
  input: z.object({ to: z.string() }),
  output: z.object({ messageId: z.string() }),
  run: ({ controller }) => {
    finishEmail(controller);
    return controller.success({ messageId: "m" });
  },
});
defineTask({
  name: "inferringHelpers",
  input: z.object({ url: z.string() }),
  run: ({ controller }) => {
    finishAny(controller);
    return controller.success({ done: true });
  },
});
defineTask({
  name: "wrongHelper",
  input: z.object({ to: z.string() }),
  output: z.object({ id: z.number() }),
  run: ({ controller }) => {
    // @ts-expect-error the helper's controller takes another output type
    finishEmail(controller);
    return controller.success({ id: 1 });
  },
});
