/**
 * A runner in its own process, as an app would deploy it: `createErrand(...).runner(...)` on a
 * Postgres store. Each run of `count` adds one to its row in `<schema>.runs` and records which
 * runner ran it, so the parent can prove every task ran, and which ran more than once, by whom.
 * Started by the multi-process tests with `node --import tsx`; settings come as JSON in argv[2].
 * Stops gracefully on SIGTERM; prints "ready" once its runner has started.
 */
import { createErrand, defineTask } from "@errand/core";
import { z } from "zod";
import { postgresStore } from "../../src/index.js";

export interface RunnerSettings {
  url: string;
  schema: string;
  runnerId: string;
  concurrency: number;
  leaseMs: number;
  /** How long each task works before it counts, so a runner can be caught mid-run. */
  workMs: number;
  applicationName: string;
}

const settings = JSON.parse(process.argv[2] ?? "{}") as RunnerSettings;
const store = postgresStore({
  connectionString: settings.url,
  schema: settings.schema,
  applicationName: settings.applicationName,
  maxConnections: settings.concurrency + 4,
  logger: { warn: () => {}, error: (fields, message) => console.error(message, fields) },
});

const count = defineTask({
  name: "count",
  input: z.object({ n: z.number() }),
  retry: { maxAttempts: 10 },
  async run({ task, controller }) {
    if (settings.workMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.workMs));
    await store.pool.query(
      `INSERT INTO "${settings.schema}".runs (task_id, runs, runners) VALUES ($1, 1, ARRAY[$2])
       ON CONFLICT (task_id) DO UPDATE SET runs = runs.runs + 1, runners = runs.runners || $2`,
      [task.id, settings.runnerId],
    );
    return controller.success();
  },
});

const errand = createErrand({ tasks: { count }, store });
const runner = errand
  .runner({ id: settings.runnerId, concurrency: settings.concurrency, leaseMs: settings.leaseMs })
  .start();
await errand.ready();
process.stdout.write("ready\n");

process.once("SIGTERM", () => {
  void errand.close({ graceMs: 5_000 }).then(
    () => process.exit(0),
    (error) => {
      console.error("close failed", error);
      process.exit(1);
    },
  );
});
void runner;
