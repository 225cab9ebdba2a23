import { createErrand, defineTask } from "@errand/core";
import { z } from "zod";
import { postgresStore } from "../src/index.js";
import { type BenchSystem, benchSchema, latencyLoop } from "./benchSystem.js";
import { noop } from "./noopQueue.js";

export function errandSystem(
  url: string,
  options: { viaNotify?: boolean; withoutChangeFeed?: boolean } = {},
): BenchSystem {
  const schema = benchSchema("errand");
  const store = postgresStore({ connectionString: url, schema });
  const errand = createErrand({ tasks: { noop }, store });
  const left = async () =>
    (
      await store.pool.query(
        `SELECT count(*)::int AS n FROM "${schema}".tasks WHERE status IN ('pending', 'running')`,
      )
    ).rows[0].n as number;

  return {
    name: "errand",
    schema,
    runner: {},
    async install() {
      await store.init();
      // What the change feed's triggers (migration 2) cost, measured by running without them.
      if (options.withoutChangeFeed)
        await store.pool.query(`ALTER TABLE "${schema}".tasks DISABLE TRIGGER USER`);
    },
    async enqueue(count) {
      const requests = Array.from({ length: count }, (_, id) => ({ name: "noop" as const, input: { id } }));
      (await errand.tasks.triggerMany(requests)).unwrap();
    },
    left,
    async latencies(samples) {
      // viaNotify: triggered through another pool and errand instance, so only NOTIFY wakes the runner.
      const runnerStore = options.viaNotify ? postgresStore({ connectionString: url, schema }) : store;
      const loop = await latencyLoop(
        samples,
        async (id) => (await triggerer.tasks.trigger({ name: "latency", input: { id } })).unwrap(),
        async () =>
          (
            await triggerer.tasks.triggerMany(
              Array.from({ length: 100 }, (_, i) => ({ name: "latency" as const, input: { id: -1 - i } })),
            )
          ).unwrap(),
        left,
      );
      const latency = defineTask({
        name: "latency",
        input: z.object({ id: z.number() }),
        run: ({ input, controller }) => {
          loop.started(input.id);
          return controller.success();
        },
      });
      const app = createErrand({ tasks: { latency }, store: runnerStore });
      const triggerer = options.viaNotify ? createErrand({ tasks: { latency }, store }) : app;
      const runner = app.runner({ concurrency: 1 }).start();
      try {
        return await loop.run();
      } finally {
        await runner.stop();
        if (runnerStore !== store) await runnerStore.close();
      }
    },
    async drop() {
      await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await store.close();
    },
  };
}
