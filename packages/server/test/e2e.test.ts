import { afterEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "./fixtures.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe("trigger, run and watch over HTTP", () => {
  it("runs a triggered task and reads its typed output", async () => {
    stack = await startStack();
    const handle = await stack.client.trigger("sendEmail", { to: "ada@example.com", subject: "Hi" });
    expect(handle.record).toMatchObject({ name: "sendEmail", status: "pending" });
    expect(handle.record.createdAt).toBeInstanceOf(Date);
    const result = await handle.result({ timeoutMs: 20_000 });
    expect(result.ok).toBe(true);
    if (!result.ok) throw new Error("unreachable");
    expect(result.output.messageId).toBe("msg-ada@example.com");
    expect(result.output.sentAt).toEqual(new Date(0));
  });

  it("streams progress as the task reports it", async () => {
    stack = await startStack();
    const handle = await stack.client.trigger("resizeImage", {
      url: "https://example.com/a.png",
      width: 800,
    });
    const seen: (number | null)[] = [];
    const messages: (string | null)[] = [];
    const states: string[] = [];
    handle.onProgress(({ status, progress, message }) => {
      seen.push(progress);
      messages.push(message);
      states.push(`${status}|${progress}|${message}`);
    });
    const result = await handle.result({ timeoutMs: 20_000 });
    expect(result).toMatchObject({ ok: true, output: { width: 800, height: 400 } });
    // The progress watch is its own stream: wait for it to see the end too.
    while (!states.at(-1)?.startsWith("success")) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(states.at(-1)).toBe("success|0.75|step 3");
    // A loaded machine may poll past a step; what is seen is still in order and ends at the last.
    const steps = seen.filter((progress) => progress !== null);
    expect(steps.length).toBeGreaterThan(0);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(steps.every((progress) => [0.25, 0.5, 0.75].includes(progress))).toBe(true);
    expect(messages.filter((message) => message !== null && message !== "").at(-1)).toBe("step 3");
    // Only changes are emitted: the watch polls every 20 ms, the task changes every 60 ms.
    expect(states.filter((state, i) => i > 0 && state === states[i - 1])).toEqual([]);
  });

  it("reports a failed task as a failure, not a throw", async () => {
    stack = await startStack();
    const handle = await stack.client.trigger("alwaysFails", { why: "disk full" });
    const result = await handle.result({ timeoutMs: 20_000 });
    expect(result).toMatchObject({ ok: false, reason: "failed", error: { message: "disk full" } });
    if (result.ok) throw new Error("unreachable");
    expect(result.error.stack).toBeUndefined();
    expect(result.record?.status).toBe("failed");
    // get over tRPC shows every attempt, without stacks either.
    const got = await stack.client.tasks.get.query({ id: handle.id });
    expect(got.attempts).toEqual([
      {
        attempt: 1,
        startedAt: expect.any(Date),
        finishedAt: expect.any(Date),
        end: "failed",
        error: expect.objectContaining({ message: "disk full" }),
      },
    ]);
    expect(got.attempts![0]!.error!.stack).toBeUndefined();
  });

  it("times out as a failure when the task does not finish in time", async () => {
    stack = await startStack({ runner: false });
    const handle = await stack.client.trigger("sendEmail", { to: "ada@example.com", subject: "later" });
    // No runner: the task never finishes, so only the timeout can end the wait.
    const result = await stack.client.waitFor(handle, { timeoutMs: 150 });
    expect(result).toMatchObject({ ok: false, reason: "timeout" });
    // The last record the watch saw, if it saw one before the timeout (on a loaded machine it may not).
    if (!result.ok && result.record) expect(result.record.status).toBe("pending");
  });

  it("works through the plain tRPC procedures too", async () => {
    stack = await startStack();
    const record = await stack.client.tasks.trigger.mutate({
      name: "sendEmail",
      input: { to: "bob@example.com", subject: "Plain", sendAt: new Date(5) },
      options: { priority: 3, idempotencyKey: "plain-1" },
    });
    expect(record.priority).toBe(3);
    const again = await stack.client.tasks.trigger.mutate({
      name: "sendEmail",
      input: { to: "bob@example.com", subject: "Plain" },
      options: { idempotencyKey: "plain-1" },
    });
    expect(again.id).toBe(record.id);
    const finished = await stack.client.waitFor(record.id, { timeoutMs: 20_000 });
    expect(finished.ok).toBe(true);
    const stored = await stack.client.tasks.get.query({ id: record.id });
    expect(stored).toMatchObject({ name: "sendEmail", input: { sendAt: new Date(5) } });
    expect(stored.status === "success" && (stored.output as { sentAt: unknown }).sentAt).toBeInstanceOf(Date);
  });

  it("batches many concurrent calls without hitting URL or body limits", async () => {
    stack = await startStack({ runner: false });
    const { tasks } = stack.client;
    const records = await Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        tasks.trigger.mutate({ name: "sendEmail", input: { to: `u${n}@example.com`, subject: "batch" } }),
      ),
    );
    const read = await Promise.all(records.map((record) => tasks.get.query({ id: record.id })));
    expect(read.map((record) => record.id)).toEqual(records.map((record) => record.id));
  });
});
