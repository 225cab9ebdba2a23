/*
 * Type tests: checked by `tsc --noEmit` (the root tsconfig includes packages/*\/test), never run.
 * Each `@ts-expect-error` line must stay an error, or tsc fails on the unused directive.
 */
import { createTasksClient, type inferRecordByName, type TaskResult } from "@errand/client";
import type { TaskRecord } from "@errand/core";
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { expectTypeOf } from "vitest";
import { createTasksRouter, type TaskDescription, type TaskWatchEvent } from "../src/index.js";
import { type TestRouter, testErrand } from "./fixtures.js";

type EmailOutput = { messageId: string; sentAt: Date };
type ImageOutput = { width: number; height: number };

export async function triggerInputs(client: ReturnType<typeof createTasksClient<TestRouter>>) {
  await client.tasks.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co", subject: "Hi" } });
  await client.tasks.trigger.mutate({
    name: "sendEmail",
    input: { to: "a@b.co", subject: "Hi", sendAt: new Date() },
    options: { runAt: new Date(), priority: 1, idempotencyKey: "k", maxAttempts: 2 },
  });
  // @ts-expect-error `to` is a string
  await client.tasks.trigger.mutate({ name: "sendEmail", input: { to: 1, subject: "Hi" } });
  // @ts-expect-error `subject` is required
  await client.tasks.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co" } });
  // @ts-expect-error no task is named "sendEmial"
  await client.tasks.trigger.mutate({ name: "sendEmial", input: { to: "a@b.co", subject: "Hi" } });
  // @ts-expect-error resizeImage's input given to sendEmail
  await client.tasks.trigger.mutate({ name: "sendEmail", input: { url: "https://x.y", width: 1 } });
  const mail = { to: "a", subject: "b" };
  // @ts-expect-error priority is a number
  await client.tasks.trigger.mutate({ name: "sendEmail", input: mail, options: { priority: "high" } });
  // @ts-expect-error runAt is a Date
  await client.tasks.trigger.mutate({ name: "sendEmail", input: mail, options: { runAt: "tomorrow" } });

  await client.trigger("resizeImage", { url: "https://x.y/a.png", width: 800 });
  // @ts-expect-error width is a number
  await client.trigger("resizeImage", { url: "https://x.y/a.png", width: "800" });
  // @ts-expect-error no task is named "nope"
  await client.trigger("nope", {});
  // @ts-expect-error sendEmail's input given to resizeImage
  await client.trigger("resizeImage", { to: "a@b.co", subject: "Hi" });
  // @ts-expect-error maxAttempts is a number
  await client.trigger("sendEmail", { to: "a", subject: "b" }, { maxAttempts: "3" });
  await client.tasks.triggerMany.mutate([
    { name: "sendEmail", input: { to: "a", subject: "b" } },
    // @ts-expect-error each request is checked against its own name
    { name: "resizeImage", input: { to: "a", subject: "b" } },
  ]);
  // @ts-expect-error the list filter takes only registered names
  await client.tasks.list.query({ name: "sendEmial" });
}

export async function typedOutputs(client: ReturnType<typeof createTasksClient<TestRouter>>) {
  const image = await client.trigger("resizeImage", { url: "https://x.y/a.png", width: 800 });
  expectTypeOf(image.name).toEqualTypeOf<"resizeImage">();
  expectTypeOf(image.record.input).toEqualTypeOf<{ url: string; width: number }>();
  const result = await image.result({ timeoutMs: 1_000 });
  if (result.ok) {
    expectTypeOf(result.output).toEqualTypeOf<ImageOutput>();
    expectTypeOf(result.name).toEqualTypeOf<"resizeImage">();
  } else {
    expectTypeOf(result.reason).toEqualTypeOf<"failed" | "aborted" | "timeout" | "removed" | "error">();
    expectTypeOf(result.error.message).toBeString();
  }
  // @ts-expect-error a failure has no output: check `ok` first
  result.output;

  const email = await client.trigger("sendEmail", { to: "a@b.co", subject: "Hi" });
  const waited = await client.waitFor(email);
  if (waited.ok) expectTypeOf(waited.output).toEqualTypeOf<EmailOutput>();

  const byId = await client.waitFor("some-id");
  if (byId.ok) expectTypeOf(byId.output).toEqualTypeOf<unknown>();
  // The name is checked at run time: a task of another name resolves as { ok: false }.
  const named = await client.waitFor({ id: "some-id", name: "resizeImage" });
  if (named.ok) expectTypeOf(named.output).toEqualTypeOf<ImageOutput>();
  // @ts-expect-error no task is named "resize"
  await client.waitFor({ id: "some-id", name: "resize" });
  const which = "sendEmail" as "sendEmail" | "resizeImage";
  // @ts-expect-error a union of names: each trigger is of one task
  await client.trigger(which, { to: "a", subject: "b" });

  image.onProgress(({ progress, message, record }) => {
    expectTypeOf(progress).toEqualTypeOf<number | null>();
    expectTypeOf(message).toEqualTypeOf<string | null>();
    expectTypeOf(record.name).toEqualTypeOf<"resizeImage">();
  });
}

export async function recordsOfAnyTask(client: ReturnType<typeof createTasksClient<TestRouter>>) {
  const record = await client.tasks.get.query({ id: "x" });
  expectTypeOf(record.createdAt).toEqualTypeOf<Date>();
  // The store may hold tasks the registry no longer knows: a record by id is of any task.
  expectTypeOf(record.name).toEqualTypeOf<string>();
  expectTypeOf(record.input).toEqualTypeOf<unknown>();
  if (record.status === "failed") expectTypeOf(record.error.message).toBeString();
  if (record.status === "pending") expectTypeOf(record.output).toEqualTypeOf<null>();
  const page = await client.tasks.list.query({ status: "success" });
  for (const item of page.items)
    if (item.status === "success") expectTypeOf(item.error).toEqualTypeOf<null>();
  expectTypeOf(page.nextCursor).toEqualTypeOf<string | null>();
  expectTypeOf(await client.tasks.definitions.query()).toEqualTypeOf<TaskDescription[]>();
  expectTypeOf(await client.tasks.delete.mutate({ id: "x" })).toEqualTypeOf<{ id: string }>();

  client.tasks.watch.subscribe(
    { id: "x" },
    {
      onData({ id, data: event }) {
        expectTypeOf(id).toEqualTypeOf<string>();
        expectTypeOf(event).toMatchTypeOf<TaskWatchEvent<TaskRecord>>();
        if (event.type === "update") expectTypeOf(event.task.name).toEqualTypeOf<string>();
      },
    },
  );
  // @ts-expect-error watch takes an id or a filter
  client.tasks.watch.subscribe({ nope: 1 }, {});
  type Email = inferRecordByName<TestRouter, "sendEmail">;
  expectTypeOf<TaskResult<Email>>().toMatchTypeOf<{ ok: boolean }>();
}

export function appRouterTypes() {
  interface AppContext {
    userId: string | null;
  }
  const t = initTRPC.context<AppContext>().create({ transformer: superjson });
  const appRouter = t.router({
    me: t.procedure.query(({ ctx }) => ctx.userId),
    tasks: createTasksRouter(testErrand(), {
      t,
      authorize: ({ ctx, action, name }) => {
        expectTypeOf(ctx).toEqualTypeOf<AppContext>();
        expectTypeOf(name).toEqualTypeOf<string | undefined>();
        return action !== "delete" || ctx.userId === "admin";
      },
    }),
  });
  const client = createTasksClient<typeof appRouter>({ url: "http://localhost/trpc" });
  expectTypeOf(client.trpc.me.query).returns.resolves.toEqualTypeOf<string | null>();
  void client.trigger("sendEmail", { to: "a", subject: "b" });
  // @ts-expect-error the app router's tasks are typed too
  void client.trigger("sendEmail", { to: "a" });

  const plain = t.router({ me: t.procedure.query(() => 1) });
  // @ts-expect-error a router without the tasks router under `tasks`
  createTasksClient<typeof plain>({ url: "http://localhost" });
}
