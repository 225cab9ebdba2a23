import type { TaskRecord } from "@errand/core";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it, vi } from "vitest";
import { waitForTask } from "../src/waitFor.js";
import { watchProgress } from "../src/watchProgress.js";
import type { WatchHandlers, WatchSource } from "../src/watchSource.js";

function record(overrides: Partial<TaskRecord> = {}): TaskRecord {
  const at = new Date(0);
  return {
    id: "t1",
    name: "work",
    status: "pending",
    input: {},
    output: null,
    error: null,
    attempt: 0,
    maxAttempts: 3,
    priority: 0,
    runAt: at,
    parentId: null,
    idempotencyKey: null,
    progress: null,
    statusMessage: null,
    createdAt: at,
    startedAt: null,
    finishedAt: null,
    updatedAt: at,
    ...overrides,
  } as TaskRecord;
}

/** A watch the test drives by hand; counts unsubscribes. */
function fakeWatch(onSubscribe?: (handlers: WatchHandlers) => void) {
  let handlers: WatchHandlers | undefined;
  const unsubscribe = vi.fn();
  const source: WatchSource = {
    subscribe(_input, given) {
      handlers = given;
      onSubscribe?.(given);
      return { unsubscribe };
    },
  };
  return { source, unsubscribe, emit: () => handlers! };
}

describe("waitForTask", () => {
  it("resolves with the output once the task succeeds, and stops watching", async () => {
    const watch = fakeWatch();
    const waiting = waitForTask(watch.source, "t1");
    watch.emit().onData({ id: "e", data: { type: "update", task: record({ status: "running" }) } });
    watch
      .emit()
      .onData({ id: "e", data: { type: "update", task: record({ status: "success", output: { n: 1 } }) } });
    expect(await waiting).toMatchObject({ ok: true, name: "work", output: { n: 1 } });
    expect(watch.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("checks the name it was given: a task of another name is an error, never its output", async () => {
    const watch = fakeWatch();
    const waiting = waitForTask(watch.source, "t1", {}, "sendEmail");
    watch
      .emit()
      .onData({ id: "e", data: { type: "update", task: record({ status: "success", output: { n: 1 } }) } });
    expect(await waiting).toMatchObject({
      ok: false,
      reason: "error",
      error: { code: "NOT_FOUND", message: 'Task t1 is a "work" task, not "sendEmail"' },
      record: null,
    });
    expect(watch.unsubscribe).toHaveBeenCalledTimes(1);
    const matching = fakeWatch();
    const same = waitForTask(matching.source, "t1", {}, "work");
    matching
      .emit()
      .onData({ id: "e", data: { type: "update", task: record({ status: "success", output: { n: 2 } }) } });
    expect(await same).toMatchObject({ ok: true, output: { n: 2 } });
  });

  it("resolves failed and aborted tasks as failures carrying the task's error", async () => {
    for (const status of ["failed", "aborted"] as const) {
      const watch = fakeWatch();
      const waiting = waitForTask(watch.source, "t1");
      const error = { name: "Error", message: "boom", code: "TASK_FAILED" };
      watch.emit().onData({ id: "e", data: { type: "update", task: record({ status, error }) } });
      expect(await waiting).toMatchObject({ ok: false, reason: status, error, record: { status } });
    }
  });

  it("gives up after timeoutMs with the last state seen", async () => {
    const watch = fakeWatch();
    const waiting = waitForTask(watch.source, "t1", { timeoutMs: 20 });
    watch
      .emit()
      .onData({ id: "e", data: { type: "update", task: record({ status: "running", progress: 0.5 }) } });
    expect(await waiting).toMatchObject({
      ok: false,
      reason: "timeout",
      error: { code: "TIMEOUT", message: expect.stringMatching(/20 ms/) },
      record: { progress: 0.5 },
    });
    expect(watch.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("gives up when the signal aborts, even before subscribing", async () => {
    const controller = new AbortController();
    const watch = fakeWatch();
    const waiting = waitForTask(watch.source, "t1", { signal: controller.signal });
    controller.abort();
    expect(await waiting).toMatchObject({ ok: false, reason: "timeout", record: null });
    const subscribe = vi.spyOn(watch.source, "subscribe");
    expect(await waitForTask(watch.source, "t1", { signal: controller.signal })).toMatchObject({
      reason: "timeout",
    });
    expect(subscribe).not.toHaveBeenCalled();
  });

  it("reports a deleted task, a missing id and a refused watch", async () => {
    const settle = async (drive: (handlers: WatchHandlers) => void) => {
      const watch = fakeWatch();
      const waiting = waitForTask(watch.source, "t1");
      drive(watch.emit());
      return waiting;
    };
    const refusal = (code: number, key: string) =>
      TRPCClientError.from({ error: { message: "no", code, data: { code: key } } });

    expect(await settle((h) => h.onData({ id: "e", data: { type: "removed", id: "t1" } }))).toMatchObject({
      ok: false,
      reason: "removed",
    });
    expect(await settle((h) => h.onError(refusal(-32004, "NOT_FOUND")))).toMatchObject({
      ok: false,
      reason: "removed",
      error: { code: "NOT_FOUND" },
    });
    expect(await settle((h) => h.onError(refusal(-32003, "FORBIDDEN")))).toMatchObject({
      ok: false,
      reason: "error",
      error: { code: "FORBIDDEN", message: "no" },
    });
  });

  it("treats a stream that ends before the task finished as an error", async () => {
    const watch = fakeWatch();
    const waiting = waitForTask(watch.source, "t1");
    watch.emit().onData({ id: "e", data: { type: "update", task: record({ status: "running" }) } });
    watch.emit().onComplete();
    expect(await waiting).toMatchObject({ ok: false, reason: "error", record: { status: "running" } });
  });

  it("unsubscribes a source that finishes while still subscribing", async () => {
    const watch = fakeWatch((handlers) =>
      handlers.onData({ id: "e", data: { type: "update", task: record({ status: "success", output: 1 }) } }),
    );
    expect(await waitForTask(watch.source, "t1")).toMatchObject({ ok: true, output: 1 });
    expect(watch.unsubscribe).toHaveBeenCalledTimes(1);
  });
});

describe("watchProgress", () => {
  it("keeps calling after a listener throws", () => {
    const watch = fakeWatch();
    const seen: (number | null)[] = [];
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const stop = watchProgress(watch.source, "t1", ({ progress }) => {
      seen.push(progress);
      if (progress === 0.1) throw new Error("listener bug");
    });
    watch.emit().onData({ id: "e", data: { type: "update", task: record({ progress: 0.1 }) } });
    watch.emit().onData({ id: "e", data: { type: "removed", id: "t1" } });
    watch.emit().onData({ id: "e", data: { type: "update", task: record({ progress: 0.2 }) } });
    expect(seen).toEqual([0.1, 0.2]);
    expect(error).toHaveBeenCalledTimes(1);
    stop();
    expect(watch.unsubscribe).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});
