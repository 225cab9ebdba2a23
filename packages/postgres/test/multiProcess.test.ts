import { randomBytes } from "node:crypto";
import { createErrand, defineTask } from "@errand/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { z } from "zod";
import type { PostgresStore } from "../src/index.js";
import { backends, terminateBackends, waitFor } from "./support/backends.js";
import { describePg, openFreshStore, PG_URL } from "./support/database.js";
import type { RunnerSettings } from "./support/runnerProcess.js";
import { type RunnerHandle, startRunner, stopRunner } from "./support/runners.js";

// The parent only triggers: the definition must match the one the runner processes run.
const count = defineTask({
  name: "count",
  input: z.object({ n: z.number() }),
  run: ({ controller }) => controller.success(),
});

describePg("runner processes sharing one Postgres", () => {
  let store: PostgresStore;
  let schema: string;
  let cleanup: () => Promise<void>;
  let runners: RunnerHandle[] = [];

  beforeEach(async () => {
    ({ store, schema, cleanup } = await openFreshStore());
    await store.pool.query(
      `CREATE UNLOGGED TABLE "${schema}".runs (task_id uuid PRIMARY KEY, runs int NOT NULL, runners text[] NOT NULL)`,
    );
    runners = [];
  });
  afterEach(async () => {
    for (const runner of runners) runner.child.kill("SIGKILL");
    await Promise.all(runners.map((runner) => runner.exited));
    await cleanup();
  });

  function start(count: number, overrides: Partial<RunnerSettings> = {}) {
    const tag = randomBytes(3).toString("hex");
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const runner = await startRunner({
          url: PG_URL,
          schema,
          runnerId: `runner-${i}-${tag}`,
          concurrency: 8,
          leaseMs: 10_000,
          workMs: 0,
          applicationName: `errand_runner_${i}_${tag}`,
          ...overrides,
        });
        runners.push(runner);
        return runner;
      }),
    );
  }

  async function trigger(total: number) {
    const errand = createErrand({ tasks: { count }, store });
    const requests = Array.from({ length: total }, (_, n) => ({ name: "count" as const, input: { n } }));
    expect((await errand.tasks.triggerMany(requests)).isOk()).toBe(true);
  }

  const statusCounts = async () => {
    const { rows } = await store.pool.query(
      `SELECT status, count(*)::int AS n FROM "${schema}".tasks GROUP BY 1`,
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n])) as Record<string, number>;
  };
  const allSucceeded = (total: number) => async () => (await statusCounts()).success === total;
  const runs = async () =>
    (
      await store.pool.query<{ task_id: string; runs: number; runners: string[] }>(
        `SELECT * FROM "${schema}".runs`,
      )
    ).rows;

  it("four runners share 20,000 tasks and run each exactly once", async () => {
    const started = await start(4);
    await trigger(20_000);
    await waitFor(allSucceeded(20_000), 120_000);
    expect(await Promise.all(started.map(stopRunner))).toEqual([0, 0, 0, 0]);
    const counted = await runs();
    expect(counted).toHaveLength(20_000);
    expect(counted.filter((row) => row.runs !== 1)).toEqual([]);
    for (const runner of started) {
      expect(counted.some((row) => row.runners[0] === runner.settings.runnerId)).toBe(true);
    }
  }, 180_000);

  it("a runner killed mid-run loses nothing: only the tasks it held run again", async () => {
    const total = 4_000;
    const [victim, ...survivors] = await start(4, { leaseMs: 1_500, workMs: 5 });
    await trigger(total);
    await waitFor(async () => ((await statusCounts()).success ?? 0) >= total / 4, 60_000);
    victim!.child.kill("SIGKILL");
    expect(await victim!.exited).toBeNull();
    // Its leases are still in place: they outlive the process by up to leaseMs.
    const held = new Set(
      (
        await store.pool.query<{ id: string }>(
          `SELECT id::text FROM "${schema}".tasks WHERE lease_owner = $1`,
          [victim!.settings.runnerId],
        )
      ).rows.map((row) => row.id),
    );
    expect(held.size).toBeGreaterThan(0);
    await waitFor(allSucceeded(total), 60_000);
    expect(await Promise.all(survivors.map(stopRunner))).toEqual([0, 0, 0]);
    const counted = await runs();
    expect(counted).toHaveLength(total);
    const twice = counted.filter((row) => row.runs > 1);
    for (const row of twice) {
      expect(held.has(row.task_id)).toBe(true);
      expect(row.runners[0]).toBe(victim!.settings.runnerId);
    }
    expect(counted.every((row) => row.runs <= 2)).toBe(true);
  }, 120_000);

  it("a runner whose connections are cut mid-run reconnects and finishes, losing nothing", async () => {
    const total = 6_000;
    const [cut, steady] = await start(2, { leaseMs: 3_000, workMs: 2 });
    await trigger(total);
    const ranBy = async (runner: RunnerHandle) =>
      (await runs()).filter((row) => row.runners.includes(runner.settings.runnerId)).length;
    await waitFor(async () => ((await statusCounts()).success ?? 0) >= total / 5, 60_000);
    expect(await terminateBackends(cut!.settings.applicationName)).toBeGreaterThan(0);
    // Again once it has reconnected: the pool and the LISTEN connection must survive a second cut.
    await waitFor(async () => (await backends(cut!.settings.applicationName)).length > 0 || false, 60_000);
    await terminateBackends(cut!.settings.applicationName);
    const before = await ranBy(cut!);
    await waitFor(allSucceeded(total), 60_000);
    expect(await ranBy(cut!)).toBeGreaterThan(before);
    expect(await Promise.all([cut!, steady!].map(stopRunner))).toEqual([0, 0]);
    const counted = await runs();
    expect(counted).toHaveLength(total);
  }, 120_000);
});
