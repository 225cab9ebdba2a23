import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createErrand } from "../src/errand/createErrand.js";
import type { TaskChange } from "../src/feed/taskChange.js";
import { memoryStore } from "../src/memory/memoryStore.js";
import type { Store } from "../src/store/store.js";
import { defineTask } from "../src/task/defineTask.js";
import { eventually, settled, testErrand } from "./helpers.js";

const step = defineTask({
  name: "step",
  input: z.object({}),
  async run({ controller, logger }) {
    logger.info("working");
    await controller.status({ progress: 0.5, message: "half" });
    return controller.success();
  },
});

function record(errand: { changes: { subscribe(listener: (change: TaskChange) => void): () => void } }) {
  const seen: TaskChange[] = [];
  const stop = errand.changes.subscribe((change) => seen.push(change));
  return {
    seen,
    stop,
    idsOf: (type: "tasks" | "logs") => seen.flatMap((c) => (c.type === type ? c.ids : [])),
  };
}

describe("errand.changes", () => {
  it("reports every write of a task's life: trigger, claim, status, logs, settle, management", async () => {
    const errand = testErrand({ tasks: { step } });
    const { seen, idsOf } = record(errand);
    const task = (await errand.tasks.trigger({ name: "step", input: {} })).unwrap();
    expect(seen).toEqual([{ type: "tasks", ids: [task.id] }]);

    errand.runner({ pollIntervalMs: 10 }).start();
    await settled(errand, task.id);
    // trigger, claim, status, settle: four row changes; the log line is reported apart.
    await eventually(() => idsOf("tasks").length === 4 && idsOf("logs").length === 1);
    expect(new Set([...idsOf("tasks"), ...idsOf("logs")])).toEqual(new Set([task.id]));

    (await errand.tasks.delete(task.id)).unwrap();
    expect(seen.at(-1)).toEqual({ type: "tasks", ids: [task.id] });
  });

  it("reports nothing for a refused write", async () => {
    const errand = testErrand({ tasks: { step } });
    const task = (await errand.tasks.trigger({ name: "step", input: {} })).unwrap();
    const { seen } = record(errand);
    expect((await errand.tasks.retry(task.id)).isFail()).toBe(true);
    expect((await errand.tasks.delete("no-such-task")).isFail()).toBe(true);
    expect(seen).toEqual([]);
  });

  it("is shared by the errands of one store, so a server sees its in-process runner's writes", async () => {
    const store = memoryStore();
    const server = testErrand({ tasks: { step }, store });
    const runnerSide = testErrand({ tasks: { step }, store });
    const { idsOf } = record(server);
    const task = (await runnerSide.tasks.trigger({ name: "step", input: {} })).unwrap();
    expect(idsOf("tasks")).toEqual([task.id]);
    expect(server.changes.seesOtherProcesses).toBe(true);
  });

  it("keeps telling the other listeners when one throws, and stops after unsubscribe", async () => {
    const errand = testErrand({ tasks: { step } });
    errand.changes.subscribe(() => {
      throw new Error("broken listener");
    });
    const { seen, stop } = record(errand);
    await errand.tasks.trigger({ name: "step", input: {} });
    expect(seen).toHaveLength(1);
    stop();
    await errand.tasks.trigger({ name: "step", input: {} });
    expect(seen).toHaveLength(1);
  });

  it("subscribes to the store's own push only while someone listens, and passes it on", async () => {
    const pushers = new Set<(change: TaskChange) => void>();
    const store: Store = {
      ...memoryStore(),
      watchChanges(listener) {
        pushers.add(listener);
        return () => pushers.delete(listener);
      },
    };
    const errand = createErrand({ tasks: { step }, store, logger: pino({ level: "silent" }) });
    expect(pushers.size).toBe(0);
    const first = record(errand);
    const second = record(errand);
    expect(pushers.size).toBe(1);
    for (const push of pushers) push({ type: "unknown" });
    expect(first.seen).toEqual([{ type: "unknown" }]);
    expect(second.seen).toEqual([{ type: "unknown" }]);
    first.stop();
    expect(pushers.size).toBe(1);
    second.stop();
    expect(pushers.size).toBe(0);
    await errand.close();
  });

  it("says when other processes' writes go unseen", () => {
    const { watchChanges: _none, ...store } = memoryStore();
    const errand = createErrand({ tasks: { step }, store, logger: pino({ level: "silent" }) });
    expect(errand.changes.seesOtherProcesses).toBe(false);
  });
});
