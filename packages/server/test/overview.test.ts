import { memoryStore, type TaskLogLine, type TaskStats } from "@errand/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "./fixtures.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function until(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the dashboard's procedures", () => {
  it("watchStats sends the counts, then again when they change", async () => {
    stack = await startStack({ runner: false, statsIntervalMs: 20 });
    const seen: TaskStats[] = [];
    const subscription = stack.client.tasks.watchStats.subscribe(undefined, {
      onData: (stats) => seen.push(stats),
    });
    try {
      await until(() => seen.length === 1);
      expect(seen[0]?.total.pending).toBe(0);
      await stack.client.tasks.trigger.mutate({ name: "waitForever", input: {} });
      await until(() => seen.length === 2);
      expect(seen[1]?.total.pending).toBe(1);
      expect(seen[1]?.byName.waitForever?.pending).toBe(1);
    } finally {
      subscription.unsubscribe();
    }
  });

  it("watchStats reads the counts when the feed reports a change, not on a timer", async () => {
    const store = memoryStore();
    let reads = 0;
    const stats = store.stats.bind(store);
    store.stats = () => {
      reads++;
      return stats();
    };
    // A 1 ms interval: a timer-driven stream would read hundreds of times while this test runs.
    stack = await startStack({ runner: false, store, statsIntervalMs: 1 });
    const seen: TaskStats[] = [];
    const subscription = stack.client.tasks.watchStats.subscribe(undefined, {
      onData: (counts) => seen.push(counts),
    });
    try {
      await until(() => seen.length === 1);
      for (let n = 1; n <= 5; n++) {
        await stack.client.tasks.trigger.mutate({ name: "waitForever", input: {} });
        await until(() => seen.length === n + 1);
        expect(seen[n]?.total.pending).toBe(n);
      }
      // One read to start and one per trigger (the `trigger` call reads no counts itself).
      expect(reads).toBeLessThanOrEqual(6);
    } finally {
      subscription.unsubscribe();
    }
  });

  it("watchLogs tails one task's log lines, each once, and ends when the task finishes", async () => {
    stack = await startStack();
    const task = await stack.client.tasks.trigger.mutate({
      name: "resizeImage",
      input: { url: "https://example.com/a.png", width: 10 },
    });
    const lines: TaskLogLine[] = [];
    let completed = false;
    stack.client.tasks.watchLogs.subscribe(
      { id: task.id },
      { onData: (batch) => lines.push(...batch), onComplete: () => (completed = true) },
    );
    await until(() => completed);
    expect(lines.map((line) => line.message)).toEqual(["resizing"]);
    expect(lines[0]?.at).toBeInstanceOf(Date);
  });

  it("activity counts finished tasks per bucket, split into succeeded and failed", async () => {
    stack = await startStack();
    const ok = await stack.client.trigger("sendEmail", { to: "a@b.co", subject: "x" });
    const bad = await stack.client.trigger("alwaysFails", { why: "no" });
    await ok.result({ timeoutMs: 5_000 });
    await bad.result({ timeoutMs: 5_000 });
    const activity = await stack.client.tasks.activity.query({ minutes: 10, buckets: 5 });
    expect(activity.buckets).toHaveLength(5);
    expect(activity.buckets[0]?.at).toBeInstanceOf(Date);
    expect(activity.buckets.reduce((sum, bucket) => sum + bucket.succeeded, 0)).toBe(1);
    expect(activity.buckets.reduce((sum, bucket) => sum + bucket.failed, 0)).toBe(1);
    expect(activity.truncated).toBe(false);
  });

  it("activity refuses a window it cannot chart", async () => {
    stack = await startStack({ runner: false });
    await expect(stack.client.tasks.activity.query({ minutes: 0 })).rejects.toMatchObject({
      data: { code: "BAD_REQUEST" },
    });
  });

  it("permissions says what authorize allows, per task name", async () => {
    stack = await startStack({
      runner: false,
      authorize: ({ action, name }) =>
        action !== "delete" && !(action === "trigger" && name === "alwaysFails"),
    });
    const forEmail = await stack.client.tasks.permissions.query({ name: "sendEmail" });
    expect(forEmail).toMatchObject({ trigger: true, delete: false, retry: true, list: true });
    const forFails = await stack.client.tasks.permissions.query({ name: "alwaysFails" });
    expect(forFails.trigger).toBe(false);
  });
});
