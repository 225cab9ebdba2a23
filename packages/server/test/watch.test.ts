import { memoryStore, type Store } from "@errand/core";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskWatchEvent } from "../src/index.js";
import { type Stack, startStack } from "./fixtures.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` (the test's timeout bounds the wait). */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

/** A condition: no read during the next `ms`. */
const quietFor = (reads: () => number, ms: number) => async () => {
  const before = reads();
  await sleep(ms);
  return reads() === before;
};

function countingStore(): { store: Store; reads: () => number } {
  const store = memoryStore();
  let reads = 0;
  const { get, list } = store;
  store.get = (id) => {
    reads++;
    return get(id);
  };
  store.list = (query) => {
    reads++;
    return list(query);
  };
  return { store, reads: () => reads };
}

describe("watch", () => {
  it("stops polling the store when the client goes away", async () => {
    const { store, reads } = countingStore();
    stack = await startStack({ runner: false, store, watchIntervalMs: 10 });
    const task = await stack.client.tasks.trigger.mutate({ name: "waitForever", input: {} });
    let events = 0;
    const stop = stack.client.onProgress(task.id, () => events++);
    await until(() => events === 1);
    // Counts of polls, not time: a loaded machine polls less often, never differently.
    const whileWatching = reads();
    await until(() => reads() - whileWatching > 5);
    // A pending task that does not change is not re-sent.
    expect(events).toBe(1);

    stop();
    // Once the server notices the client left, reads stop for good: wait for a quiet spell of
    // 30 watch intervals (a watch still polling reads every interval and never gets one).
    await until(quietFor(reads, 300), 20_000);
  });

  it("watches a filtered list: every task once, then changes, then removals", async () => {
    const { store, reads } = countingStore();
    stack = await startStack({ runner: false, store });
    const { tasks } = stack.client;
    const events: TaskWatchEvent<{ id: string; priority: number }>[] = [];
    const first = await tasks.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co", subject: "1" } });
    await tasks.trigger.mutate({
      name: "resizeImage",
      input: { url: "https://example.com/a.png", width: 1 },
    });
    const subscription = tasks.watch.subscribe(
      { filter: { name: "sendEmail" } },
      {
        onData: (event) => events.push(event),
        onError: (error) => events.push({ type: "removed", id: String(error) }),
      },
    );
    try {
      await until(() => events.length === 1);
      expect(events[0]).toMatchObject({ type: "update", task: { id: first.id, name: "sendEmail" } });

      const second = await tasks.trigger.mutate({ name: "sendEmail", input: { to: "b@b.co", subject: "2" } });
      await until(() => events.length === 2);
      expect(events[1]).toMatchObject({ type: "update", task: { id: second.id } });

      await tasks.update.mutate({ id: first.id, patch: { priority: 5 } });
      await until(() => events.length === 3);
      expect(events[2]).toMatchObject({ type: "update", task: { id: first.id, priority: 5 } });

      await tasks.delete.mutate({ id: second.id });
      await until(() => events.length === 4);
      expect(events[3]).toEqual({ type: "removed", id: second.id });
      // Three more polls of the list change nothing.
      const listed = reads();
      await until(() => reads() - listed >= 3);
      expect(events).toHaveLength(4);
    } finally {
      subscription.unsubscribe();
    }
  });

  it("ends a single-task watch with `removed` when the task is deleted", async () => {
    const { store, reads } = countingStore();
    stack = await startStack({ runner: false, store });
    const task = await stack.client.tasks.trigger.mutate({
      name: "sendEmail",
      input: { to: "a@b.co", subject: "x" },
    });
    const polled = reads();
    const waiting = stack.client.waitFor(task, { timeoutMs: 20_000 });
    // Delete once the watch has read the task, so it sees it go.
    await until(() => reads() > polled);
    await stack.client.tasks.delete.mutate({ id: task.id });
    expect(await waiting).toMatchObject({ ok: false, reason: "removed", record: { id: task.id } });
  });

  it("does not keep the server from closing while a watch is open", async () => {
    stack = await startStack({ runner: false });
    const task = await stack.client.tasks.trigger.mutate({ name: "waitForever", input: {} });
    let events = 0;
    const stop = stack.client.onProgress(task.id, () => events++);
    await until(() => events === 1);
    // Hangs (and the test times out) if the open watch held the server.
    await stack.server.close();
    stop();
  });
});
