import { describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStore } from "../src/memory/memoryStore.js";
import type { Store } from "../src/store/store.js";
import { defineTask } from "../src/task/defineTask.js";
import { eventually, settled, testErrand } from "./helpers.js";

/** A promise with its resolve, for steering two attempts into a chosen order. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("a task claimed again by the same runner (regressions)", () => {
  it("keeps heartbeating a new run while the previous run's after-run hook is still going", async () => {
    // The first run's bookkeeping (its onAfterRun) ends after the second run started; it used to
    // drop the second run from the runner's held attempts, so its lease ran out and it ran again.
    const secondStarted = gate();
    const store = memoryStore();
    let runs = 0;
    const chain = defineTask({
      name: "chain",
      input: z.object({}),
      onAfterRun: async ({ task }) => {
        if (task.attempt === 1 && runs === 1) await secondStarted.opened;
      },
      run: async ({ controller, task }) => {
        runs += 1;
        if (runs === 1) return controller.continue();
        if (runs > 2) return controller.success("ran again");
        secondStarted.open();
        const claimed = (await store.get(task.id))!.leaseExpiresAt!;
        // Held: its lease is extended by heartbeats. Lost: another run starts once it runs out.
        await eventually(
          async () => runs > 2 || (await store.get(task.id))!.leaseExpiresAt! > claimed,
          20_000,
        );
        return controller.success("once");
      },
    });
    const errand = testErrand({ tasks: { chain }, store });
    const { id } = (await errand.tasks.trigger({ name: "chain", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5, leaseMs: 300, heartbeatMs: 20 }).start();
    expect(await settled(errand, id)).toMatchObject({ status: "success", output: "once" });
    expect(runs).toBe(2);
  });

  it("does not apply a heartbeat answer about the previous run to the new run", async () => {
    // The heartbeat reads the store between the first run's settlement and the new claim (it sees
    // the task pending: lost), and its answer arrives after the new claim.
    const heartbeatEntered = gate();
    const continued = gate();
    const secondStarted = gate();
    const answered = gate();
    const inner = memoryStore();
    let intercepted = false;
    const store: Store = {
      ...inner,
      async settle(settlements, now, abortedError) {
        const applied = await inner.settle(settlements, now, abortedError);
        if (settlements.some((s) => s.outcome.type === "continue")) continued.open();
        return applied;
      },
      async heartbeat(request) {
        if (intercepted) return inner.heartbeat(request);
        intercepted = true;
        heartbeatEntered.open();
        await continued.opened;
        const result = await inner.heartbeat(request);
        await secondStarted.opened;
        setImmediate(() => answered.open());
        return result;
      },
    };
    let runs = 0;
    let secondStopped: boolean | undefined;
    const chain = defineTask({
      name: "chain",
      input: z.object({}),
      run: async ({ controller, signal }) => {
        runs += 1;
        if (runs === 1) {
          await heartbeatEntered.opened;
          return controller.continue();
        }
        if (runs === 2) {
          secondStarted.open();
          await answered.opened;
          await new Promise((resolve) => setImmediate(resolve));
          secondStopped = signal.aborted;
        }
        return controller.success(runs);
      },
    });
    const errand = testErrand({ tasks: { chain }, store });
    const { id } = (await errand.tasks.trigger({ name: "chain", input: {} })).unwrap();
    errand.runner({ pollIntervalMs: 5, leaseMs: 300, heartbeatMs: 10 }).start();
    expect(await settled(errand, id)).toMatchObject({ status: "success", output: 2 });
    expect(secondStopped).toBe(false);
    expect(runs).toBe(2);
  });
});
