import { memoryStore, type Store } from "@errand/core";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskWatchEvent } from "../src/index.js";
import { type Stack, startStack } from "./fixtures.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Polls `condition` (the test's timeout bounds the wait). */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A real memory store whose reads are counted, per task id for `get`. */
function countingStore(): { store: Store; readsOf: (id: string) => number; lists: () => number } {
  const store = memoryStore();
  const reads = new Map<string, number>();
  let lists = 0;
  const { get, list } = store;
  store.get = (id) => {
    reads.set(id, (reads.get(id) ?? 0) + 1);
    return get(id);
  };
  store.list = (query) => {
    lists++;
    return list(query);
  };
  return { store, readsOf: (id) => reads.get(id) ?? 0, lists: () => lists };
}

describe("watch", () => {
  it("reads a watched task once for all its subscribers, and again only when it changes", async () => {
    const { store, readsOf } = countingStore();
    stack = await startStack({ runner: false, store });
    const { client } = stack;
    const task = await client.tasks.trigger.mutate({ name: "waitForever", input: {} });
    const seen = Array.from({ length: 10 }, () => [] as number[]);
    const stops = seen.map((events) => client.onProgress(task.id, (p) => events.push(p.record.priority)));
    await until(() => seen.every((events) => events.length === 1));
    expect(readsOf(task.id)).toBe(1);

    // Another task's life goes by: the watched one is not read for it.
    const other = await client.tasks.trigger.mutate({ name: "waitForever", input: {} });
    const otherEvents: unknown[] = [];
    const stopOther = client.onProgress(other.id, (p) => otherEvents.push(p));
    await until(() => otherEvents.length === 1);
    const otherBefore = readsOf(other.id);
    await client.tasks.update.mutate({ id: other.id, patch: { priority: 3 } });
    await until(() => otherEvents.length === 2);
    expect(readsOf(task.id)).toBe(1);
    // What an update costs with one subscriber (its own check, and one read for the watch) ...
    const oneSubscriber = readsOf(other.id) - otherBefore;

    await client.tasks.update.mutate({ id: task.id, patch: { priority: 7 } });
    await until(() => seen.every((events) => events.length === 2));
    expect(seen.every((events) => events[1] === 7)).toBe(true);
    // ... is what it costs with ten.
    expect(readsOf(task.id) - 1).toBe(oneSubscriber);
    for (const stop of [...stops, stopOther]) stop();
  });

  it("watches a filtered list: every task once, then changes, then removals", async () => {
    const { store } = countingStore();
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
        onData: ({ data }) => events.push(data),
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

      // A task outside the filter changes: nothing is sent; the next event is the next match.
      await tasks.trigger.mutate({
        name: "resizeImage",
        input: { url: "https://example.com/b.png", width: 2 },
      });
      const third = await tasks.trigger.mutate({ name: "sendEmail", input: { to: "c@b.co", subject: "3" } });
      await until(() => events.length >= 5);
      expect(events.slice(4)).toMatchObject([{ type: "update", task: { id: third.id } }]);
    } finally {
      subscription.unsubscribe();
    }
  });

  it("re-reads a list once per burst of changes, not once per change", async () => {
    const { store, lists } = countingStore();
    stack = await startStack({ runner: false, store });
    const { tasks } = stack.client;
    const events: unknown[] = [];
    const subscription = tasks.watch.subscribe(
      { filter: { name: "sendEmail" } },
      { onData: (e) => events.push(e) },
    );
    await tasks.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co", subject: "0" } });
    await until(() => events.length === 1);
    const before = lists();
    await tasks.triggerMany.mutate(
      Array.from({ length: 50 }, (_, i) => ({ name: "sendEmail", input: { to: "a@b.co", subject: `${i}` } })),
    );
    await until(() => events.length === 51);
    // One insert of 50 rows is one change; a few reads at most, never 50.
    expect(lists() - before).toBeLessThanOrEqual(3);
    subscription.unsubscribe();
  });

  it("ends a single-task watch with `removed` when the task is deleted", async () => {
    const { store } = countingStore();
    stack = await startStack({ runner: false, store });
    const task = await stack.client.tasks.trigger.mutate({
      name: "sendEmail",
      input: { to: "a@b.co", subject: "x" },
    });
    let watching = false;
    const stop = stack.client.onProgress(task.id, () => {
      watching = true;
    });
    const waiting = stack.client.waitFor(task, { timeoutMs: 5_000 });
    await until(() => watching);
    await stack.client.tasks.delete.mutate({ id: task.id });
    expect(await waiting).toMatchObject({ ok: false, reason: "removed", record: { id: task.id } });
    stop();
  });

  it("refuses to watch a task that does not exist", async () => {
    stack = await startStack({ runner: false });
    const result = await stack.client.waitFor("0190a0a0-0000-7000-8000-000000000000", { timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, reason: "removed", error: { code: "NOT_FOUND" } });
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
