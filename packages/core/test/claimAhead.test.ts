import { describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStore } from "../src/memory/memoryStore.js";
import { defineTask } from "../src/task/defineTask.js";
import { eventually, settled, testErrand } from "./helpers.js";

/**
 * On a store with settleAndClaim (the memory store has it), a runner whose tasks end within their
 * turn claims more than its free slots. Each batch of these tasks takes far less than the sizer's
 * 20 ms of CPU time, so the batches grow 1, 2, 4: with concurrency 1 the third batch holds q4, q5,
 * the blocking task and the victim, which waits claimed (running, leased) but not started.
 */
function setup() {
  const ran: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const step = defineTask({
    name: "step",
    input: z.object({ label: z.string(), blocks: z.boolean() }),
    run: ({ input, controller }) => {
      ran.push(input.label);
      return input.blocks ? gate.then(() => controller.success()) : controller.success();
    },
  });
  const now = Date.now();
  const errand = testErrand({ tasks: { step }, now: () => now });
  const trigger = async (label: string, priority: number, blocks = false) =>
    (await errand.tasks.trigger({ name: "step", input: { label, blocks }, options: { priority } })).unwrap()
      .id;
  return { errand, ran, open, trigger };
}

async function claimedAhead(t: ReturnType<typeof setup>) {
  for (const [i, label] of ["q1", "q2", "q3", "q4", "q5"].entries()) await t.trigger(label, 10 - i);
  await t.trigger("blocker", 5, true);
  const victim = await t.trigger("victim", 0);
  const runner = t.errand.runner({ concurrency: 1, pollIntervalMs: 60_000 }).start();
  await eventually(() => t.ran.includes("blocker"));
  const record = (await t.errand.tasks.get(victim)).unwrap();
  // Claimed with the blocker, waiting for the one slot.
  expect(record).toMatchObject({ status: "running", attempt: 1 });
  return { runner, victim };
}

describe("claiming ahead of the free slots", () => {
  it("never runs a task claimed ahead and aborted before its slot freed", async () => {
    const t = setup();
    const { victim } = await claimedAhead(t);
    expect((await t.errand.tasks.abort(victim)).isOk()).toBe(true);
    t.open();
    expect(await settled(t.errand, victim)).toMatchObject({ status: "aborted", error: { code: "ABORTED" } });
    expect(t.ran).not.toContain("victim");
  });

  it("hands a task claimed ahead back untouched when the runner stops", async () => {
    const t = setup();
    const { runner, victim } = await claimedAhead(t);
    const stopping = runner.stop({ graceMs: 25_000 });
    expect(await settled(t.errand, victim, ["pending"])).toMatchObject({ status: "pending", attempt: 0 });
    t.open();
    await stopping;
    expect(t.ran).not.toContain("victim");
  });
});

describe("claiming after idling", () => {
  it("claims only its free slots after empty polls: an empty claim is no sign that tasks are short", async () => {
    const store = memoryStore();
    let claims = 0;
    let started = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const step = defineTask({
      name: "step",
      input: z.object({ label: z.string() }),
      run: ({ controller }) => {
        started++;
        return gate.then(() => controller.success());
      },
    });
    const errand = testErrand({
      tasks: { step },
      store: {
        ...store,
        claim: async (request) => {
          claims++;
          return store.claim(request);
        },
      },
    });
    errand.runner({ concurrency: 2, pollIntervalMs: 1 }).start();
    // Enough empty polls to have doubled a batch from 2 past the 10 tasks below.
    await eventually(() => claims >= 10);
    const ids = (
      await errand.tasks.triggerMany(
        Array.from({ length: 10 }, (_, i) => ({ name: "step" as const, input: { label: `t${i}` } })),
      )
    ).unwrap();
    await eventually(() => started === 2);
    const records = await Promise.all(ids.map(async (task) => (await errand.tasks.get(task.id)).unwrap()));
    open();
    // Two run in the two slots; the other eight stay pending for any runner, not held by this one.
    expect(records.filter((r) => r.status === "running")).toHaveLength(2);
  });
});

describe("a claim beside a write that claims", () => {
  it("starts a task triggered while the turn's settle-and-claim is written, without waiting for that write", async () => {
    // The write claims from what it saw when it ran; a task triggered after that is not in it.
    // Holding the write's answer shows whether the runner claims the new task itself meanwhile.
    const store = memoryStore();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let writes = 0;
    const ran: string[] = [];
    const step = defineTask({
      name: "step",
      input: z.object({ label: z.string() }),
      run: ({ input, controller }) => {
        ran.push(input.label);
        return controller.success();
      },
    });
    const errand = testErrand({
      tasks: { step },
      store: {
        ...store,
        settleAndClaim: async (...args) => {
          const written = await store.settleAndClaim!(...args);
          writes++;
          await held;
          return written;
        },
      },
    });
    errand.runner({ concurrency: 1, pollIntervalMs: 60_000 }).start();
    const first = (await errand.tasks.trigger({ name: "step", input: { label: "first" } })).unwrap().id;
    await eventually(() => writes === 1);
    const second = (await errand.tasks.trigger({ name: "step", input: { label: "second" } })).unwrap().id;
    try {
      await eventually(() => ran.includes("second"));
      expect(writes).toBe(1);
    } finally {
      // Else the held write would keep the errand from closing after a failure.
      release();
    }
    expect(await settled(errand, first)).toMatchObject({ status: "success" });
    expect(await settled(errand, second)).toMatchObject({ status: "success" });
  });
});
