import { describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStore } from "../src/memory/memoryStore.js";
import type { Store } from "../src/store/store.js";
import { defineTask } from "../src/task/defineTask.js";
import { eventually, settled, testErrand } from "./helpers.js";

/** The real memory store, with chosen methods failing their first `times` calls. */
function flakyStore(
  failing: Partial<Record<keyof Store, number>>,
): Store & { calls: Record<string, number> } {
  const store = memoryStore();
  const calls: Record<string, number> = {};
  const wrapped = { ...store, calls } as Store & { calls: Record<string, number> };
  for (const [method, times] of Object.entries(failing) as [keyof Store, number][]) {
    const original = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
    (wrapped as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      calls[method] = (calls[method] ?? 0) + 1;
      if (calls[method]! <= times) return Promise.reject(new Error(`${method} unavailable`));
      return original(...args);
    };
  }
  return wrapped;
}

const noop = defineTask({
  name: "noop",
  input: z.object({}),
  run: ({ controller }) => controller.success("ok"),
});

describe("runner under store failures", () => {
  it("keeps polling when claims fail, and runs the task once the store is back", async () => {
    const store = flakyStore({ claim: 3 });
    const errand = testErrand({ tasks: { noop }, store });
    const { id } = (await errand.tasks.trigger({ name: "noop", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, id)).toMatchObject({ status: "success", output: "ok" });
    expect(store.calls.claim).toBeGreaterThan(3);
  });

  it("retries recording an outcome until the store accepts it", async () => {
    const store = flakyStore({ settle: 2 });
    const errand = testErrand({ tasks: { noop }, store });
    const { id } = (await errand.tasks.trigger({ name: "noop", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5 }).start();
    expect(await settled(errand, id)).toMatchObject({ status: "success", attempt: 1 });
    expect(store.calls.settle).toBe(3);
  });

  it("survives failing heartbeats and lease releases", async () => {
    const store = flakyStore({ heartbeat: 2, releaseExpired: 2 });
    const slow = defineTask({
      name: "slow",
      input: z.object({}),
      // Runs until the runner has heartbeated past the two failures (a runner only heartbeats
      // while it holds tasks), then succeeds: its lease was kept throughout.
      run: async ({ controller }) => {
        await eventually(() => (store.calls.heartbeat ?? 0) > 2 && (store.calls.releaseExpired ?? 0) > 2);
        return controller.success();
      },
    });
    const errand = testErrand({ tasks: { slow }, store });
    const { id } = (await errand.tasks.trigger({ name: "slow", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5, leaseMs: 10_000, heartbeatMs: 10 }).start();
    expect(await settled(errand, id)).toMatchObject({ status: "success", attempt: 1 });
  });

  it("a bulk trigger whose insert fails while its records are built is a STORE failure, and nothing is left", async () => {
    const store = flakyStore({ insert: 1 });
    const errand = testErrand({ tasks: { noop }, store });
    // More requests than one slice of records, so the insert fails while the trigger path waits a turn.
    const requests = Array.from({ length: 5_000 }, () => ({ name: "noop" as const, input: {} }));
    const failed = await errand.tasks.triggerMany(requests);
    expect(failed.isFail() && failed.error.code).toBe("STORE");
    expect(await store.stats()).toEqual([]);
    const records = (await errand.tasks.triggerMany(requests)).unwrap();
    expect(records).toHaveLength(5_000);
    expect(records[4_999]).toMatchObject({ name: "noop", status: "pending", input: {} });
  });

  it("reports a store that cannot initialise as a STORE failure, and tries again next time", async () => {
    const store = flakyStore({ init: 1 });
    const errand = testErrand({ tasks: { noop }, store });
    const first = await errand.tasks.trigger({ name: "noop", input: {} });
    expect(first.isFail() && first.error.code).toBe("STORE");
    expect((await errand.tasks.trigger({ name: "noop", input: {} })).isOk()).toBe(true);
  });

  it("waits for a heartbeat under way before close() returns, so nothing touches a closed store", async () => {
    const store = memoryStore();
    let closed = false;
    const lateCalls: string[] = [];
    let entered!: () => void;
    const heartbeatUnderWay = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let finish!: () => void;
    const heartbeatMayFinish = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const slowStore: Store = {
      ...store,
      async releaseExpired(request) {
        entered();
        await heartbeatMayFinish;
        if (closed) lateCalls.push("releaseExpired");
        return store.releaseExpired(request);
      },
      async close() {
        closed = true;
      },
    };
    const errand = testErrand({ tasks: { noop }, store: slowStore });
    errand.runner({ pollIntervalMs: 5, heartbeatMs: 5 }).start();
    await heartbeatUnderWay;
    let closeReturned = false;
    const closing = errand.close({ graceMs: 0 }).then(() => {
      closeReturned = true;
    });
    // close() must still be waiting on the heartbeat: let a few turns pass, then release it.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(closeReturned).toBe(false);
    finish();
    await closing;
    expect(lateCalls).toEqual([]);
  });
});
