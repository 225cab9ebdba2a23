import { TRPCClientError } from "@errand/client";
import { afterEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "./fixtures.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function rejection(call: Promise<unknown>) {
  const error = await call.then(
    () => {
      throw new Error("expected the call to be refused");
    },
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<any>;
}

const email = (n: number) => ({ to: `user${n}@example.com`, subject: `n${n}` });

describe("management over HTTP", () => {
  it("gets and lists with filters and cursor pages, records typed per name", async () => {
    stack = await startStack({ runner: false });
    const { tasks } = stack.client;
    const before = new Date();
    for (let n = 0; n < 5; n++) await tasks.trigger.mutate({ name: "sendEmail", input: email(n) });
    const image = await tasks.trigger.mutate({
      name: "resizeImage",
      input: { url: "https://example.com/x.png", width: 10 },
    });

    const got = await tasks.get.query({ id: image.id });
    expect(got).toMatchObject({ id: image.id, name: "resizeImage", status: "pending" });
    expect(got.input).toEqual({ url: "https://example.com/x.png", width: 10 });

    const first = await tasks.list.query({ name: "sendEmail", limit: 3 });
    expect(first.items.map((t) => t.name)).toEqual(["sendEmail", "sendEmail", "sendEmail"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await tasks.list.query({ name: "sendEmail", limit: 3, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = new Set([...first.items, ...second.items].map((t) => t.id));
    expect(ids.size).toBe(5);

    expect((await tasks.list.query({ status: "pending", createdFrom: before })).items).toHaveLength(6);
    expect((await tasks.list.query({ createdTo: new Date(before.getTime() - 1) })).items).toHaveLength(0);
    expect((await tasks.list.query()).items).toHaveLength(6);
    const stats = await tasks.stats.query();
    expect(stats.byName.sendEmail?.pending).toBe(5);
    expect(stats.total.pending).toBe(6);
  });

  it("updates a pending task, validating a new input against its schema", async () => {
    stack = await startStack({ runner: false });
    const { tasks } = stack.client;
    const task = await tasks.trigger.mutate({ name: "sendEmail", input: email(1) });
    const updated = await tasks.update.mutate({ id: task.id, patch: { priority: 7, input: email(2) } });
    expect(updated).toMatchObject({ priority: 7, input: email(2) });
    const bad = await rejection(tasks.update.mutate({ id: task.id, patch: { input: { to: "nope" } } }));
    expect(bad.data).toMatchObject({ code: "BAD_REQUEST", errandCode: "VALIDATION" });
    expect(bad.data.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual(
      expect.arrayContaining(["to", "subject"]),
    );
  });

  it("aborts a running task, refuses to delete it while it runs, retries and deletes it after", async () => {
    stack = await startStack();
    const { client } = stack;
    const handle = await client.trigger("waitForever", {});
    const running = await new Promise<void>((resolve) => {
      const stop = handle.onProgress(({ status }) => {
        if (status === "running") {
          stop();
          resolve();
        }
      });
    });
    expect(running).toBeUndefined();

    const conflict = await rejection(client.tasks.delete.mutate({ id: handle.id }));
    expect(conflict.data).toMatchObject({
      code: "CONFLICT",
      errandCode: "CONFLICT",
      details: { status: "running" },
    });
    const noUpdate = await rejection(client.tasks.update.mutate({ id: handle.id, patch: { priority: 1 } }));
    expect(noUpdate.data?.code).toBe("CONFLICT");

    await client.tasks.abort.mutate({ id: handle.id, reason: "enough" });
    const result = await handle.result({ timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, reason: "aborted", record: { status: "aborted" } });

    const noAbort = await rejection(client.tasks.abort.mutate({ id: handle.id }));
    expect(noAbort.data?.code).toBe("CONFLICT");

    const retried = await client.tasks.retry.mutate({ id: handle.id });
    expect(retried.status).toBe("pending");
    await client.tasks.abort.mutate({ id: handle.id });
    expect(await client.tasks.delete.mutate({ id: handle.id })).toEqual({ id: handle.id });
    const gone = await rejection(client.tasks.get.query({ id: handle.id }));
    expect(gone.data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
  });

  it("retries a failed task, and only a failed or aborted one", async () => {
    stack = await startStack();
    const { client } = stack;
    const handle = await client.trigger("alwaysFails", { why: "first" });
    expect((await handle.result({ timeoutMs: 5_000 })).ok).toBe(false);
    const retried = await client.tasks.retry.mutate({ id: handle.id });
    expect(retried).toMatchObject({ status: "pending", attempt: 0 });
    expect(await handle.result({ timeoutMs: 5_000 })).toMatchObject({ ok: false, reason: "failed" });

    const ok = await client.trigger("sendEmail", email(3));
    await ok.result({ timeoutMs: 5_000 });
    expect((await rejection(client.tasks.retry.mutate({ id: ok.id }))).data?.code).toBe("CONFLICT");
  });

  it("reads a task's log lines", async () => {
    stack = await startStack();
    const handle = await stack.client.trigger("resizeImage", { url: "https://example.com/b.png", width: 4 });
    await handle.result({ timeoutMs: 5_000 });
    const lines = await stack.client.tasks.logs.query({ id: handle.id });
    expect(lines).toEqual([
      expect.objectContaining({ message: "resizing", level: "info", data: { width: 4 } }),
    ]);
    expect(lines[0]?.at).toBeInstanceOf(Date);
  });

  it("describes the registry with JSON Schemas of the inputs", async () => {
    stack = await startStack({ runner: false });
    const definitions = await stack.client.tasks.definitions.query();
    expect(definitions.map((d) => d.name)).toEqual([
      "alwaysFails",
      "resizeImage",
      "sendEmail",
      "waitForever",
    ]);
    const sendEmail = definitions.find((d) => d.name === "sendEmail");
    expect(sendEmail).toMatchObject({
      description: "Sends one email",
      retry: { maxAttempts: 2 },
      timeoutMs: null,
      inputSchema: { type: "object", required: ["to", "subject"] },
    });
    expect(sendEmail?.inputSchema?.properties).toMatchObject({
      to: { type: "string", format: "email" },
      // A z.date() field: a form can offer a date picker (superjson carries the Date itself).
      sendAt: { type: "string", format: "date-time" },
    });
    expect(definitions.find((d) => d.name === "resizeImage")).toMatchObject({
      timeoutMs: 10_000,
      concurrency: { limit: 8, keyed: true },
      rateLimit: null,
    });
    expect(sendEmail).toMatchObject({ concurrency: null, rateLimit: null });
  });

  it("triggers a batch all or nothing, within the batch size", async () => {
    stack = await startStack({ runner: false, maxBatchSize: 3 });
    const { tasks } = stack.client;
    const records = await tasks.triggerMany.mutate([
      { name: "sendEmail", input: email(1) },
      { name: "resizeImage", input: { url: "https://example.com/c.png", width: 2 } },
    ]);
    expect(records.map((r) => r.name)).toEqual(["sendEmail", "resizeImage"]);

    const bad = await rejection(
      tasks.triggerMany.mutate([
        { name: "sendEmail", input: email(2) },
        { name: "sendEmail", input: { to: "not-an-email", subject: "x" } },
      ]),
    );
    expect(bad.data).toMatchObject({ code: "BAD_REQUEST", details: { index: 1 } });
    const tooMany = await rejection(
      tasks.triggerMany.mutate([1, 2, 3, 4].map((n) => ({ name: "sendEmail" as const, input: email(n) }))),
    );
    expect(tooMany.message).toMatch(/at most 3/);
    expect((await tasks.stats.query()).total.pending).toBe(2);
  });
});

describe("pause and resume over HTTP", () => {
  it("pauses a task name for the runner, lists it in stats, and resumes it", async () => {
    stack = await startStack({ runner: true });
    const { tasks } = stack.client;
    expect(await tasks.pause.mutate({ name: "sendEmail" })).toEqual({ name: "sendEmail", paused: true });
    expect((await tasks.stats.query()).paused).toEqual(["sendEmail"]);
    const paused = await tasks.trigger.mutate({ name: "sendEmail", input: email(1) });
    const other = await tasks.trigger.mutate({
      name: "resizeImage",
      input: { url: "https://example.com/x.png", width: 10 },
      options: { priority: -1 },
    });
    // The runner passed over the paused task for a later, lower-priority one.
    expect(await stack.client.waitFor(other.id)).toMatchObject({ ok: true });
    expect((await tasks.get.query({ id: paused.id })).status).toBe("pending");
    expect(await tasks.resume.mutate({ name: "sendEmail" })).toEqual({ name: "sendEmail", paused: false });
    expect(await stack.client.waitFor(paused.id)).toMatchObject({ ok: true, record: { status: "success" } });
    expect((await tasks.stats.query()).paused).toEqual([]);
  });

  it("refuses an unknown name with UNKNOWN_TASK", async () => {
    stack = await startStack({ runner: false });
    const error = await rejection(stack.client.tasks.pause.mutate({ name: "nope" }));
    expect(error.message).toContain('No task named "nope" is registered');
  });
});
