import { createTasksClient } from "@errand/client";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskWatchEvent } from "../src/index.js";
import { dropProxy } from "./dropProxy.js";
import { type Stack, startStack, type TestRouter } from "./fixtures.js";

let stack: Stack | undefined;
let proxy: Awaited<ReturnType<typeof dropProxy>> | undefined;
afterEach(async () => {
  await proxy?.close();
  await stack?.close();
  stack = proxy = undefined;
});

async function until(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type Event = TaskWatchEvent<{ id: string; priority: number }>;

/** A stack whose client talks through a proxy that can cut its connections. */
async function droppableStack() {
  stack = await startStack({ runner: false });
  proxy = await dropProxy(stack.server.port);
  return { direct: stack.client.tasks, client: createTasksClient<TestRouter>({ url: proxy.url }), proxy };
}

describe("watch resumes after a reconnect", () => {
  it("a task watch sends only what changed since the last event the client got", async () => {
    const { direct, client, proxy } = await droppableStack();
    const task = await direct.trigger.mutate({ name: "waitForever", input: {} });
    const events: Event[] = [];
    let connections = 0;
    const subscription = client.tasks.watch.subscribe(
      { id: task.id },
      { onStarted: () => connections++, onData: ({ data }) => events.push(data) },
    );
    await until(() => events.length === 1 && connections === 1);
    proxy.dropAll();
    await until(() => connections === 2);
    await direct.update.mutate({ id: task.id, patch: { priority: 4 } });
    await until(() => events.length >= 2);
    expect(events.slice(1)).toMatchObject([{ type: "update", task: { id: task.id, priority: 4 } }]);
    subscription.unsubscribe();
  }, 20_000);

  it("a task watch given the id of an older state sends the current one", async () => {
    const { direct } = await droppableStack();
    const task = await direct.trigger.mutate({ name: "waitForever", input: {} });
    const first: { id: string }[] = [];
    const one = direct.watch.subscribe({ id: task.id }, { onData: (event) => first.push(event) });
    await until(() => first.length === 1);
    one.unsubscribe();
    await direct.update.mutate({ id: task.id, patch: { priority: 2 } });
    const events: Event[] = [];
    const two = direct.watch.subscribe(
      { id: task.id, lastEventId: first[0]!.id },
      { onData: ({ data }) => events.push(data) },
    );
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ type: "update", task: { priority: 2 } });
    two.unsubscribe();
  });

  it("a list watch sends only what it missed while disconnected, removals included", async () => {
    const { direct, client, proxy } = await droppableStack();
    const input = { to: "a@b.co", subject: "s" };
    const [a, b, c] = await direct.triggerMany.mutate([
      { name: "sendEmail", input },
      { name: "sendEmail", input },
      { name: "sendEmail", input },
    ]);
    const events: Event[] = [];
    let connections = 0;
    const subscription = client.tasks.watch.subscribe(
      { filter: { name: "sendEmail" } },
      { onStarted: () => connections++, onData: ({ data }) => events.push(data) },
    );
    await until(() => events.length === 3 && connections === 1);
    // Changes made while the stream is down must arrive after the reconnect, and nothing else.
    proxy.dropAll();
    await direct.update.mutate({ id: a!.id, patch: { priority: 9 } });
    await direct.delete.mutate({ id: b!.id });
    await until(() => connections === 2 && events.length >= 5);
    await direct.update.mutate({ id: c!.id, patch: { priority: 1 } });
    await until(() => events.length >= 6);
    expect(new Set(events.slice(3, 5).map((event) => JSON.stringify(summary(event))))).toEqual(
      new Set([JSON.stringify({ update: a!.id, priority: 9 }), JSON.stringify({ removed: b!.id })]),
    );
    expect(events.slice(5).map(summary)).toEqual([{ update: c!.id, priority: 1 }]);
    subscription.unsubscribe();
  }, 20_000);

  it("waitFor resolves across a dropped connection", async () => {
    const { direct, client, proxy } = await droppableStack();
    const task = await direct.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co", subject: "x" } });
    let watching = false;
    const stop = client.onProgress(task.id, () => {
      watching = true;
    });
    const waiting = client.waitFor(task, { timeoutMs: 15_000 });
    await until(() => watching);
    proxy.dropAll();
    stack!.errand.runner({ pollIntervalMs: 20 }).start();
    expect(await waiting).toMatchObject({ ok: true, output: { messageId: "msg-a@b.co" } });
    stop();
  }, 20_000);
});

function summary(event: Event) {
  return event.type === "removed"
    ? { removed: event.id }
    : { update: event.task.id, priority: event.task.priority };
}
