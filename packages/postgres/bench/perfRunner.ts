/**
 * One runner process of the benchmark, for either system, in "once" mode: it runs no-op tasks
 * until it finds none left, then exits (graphile-worker's `--once`). Settings as JSON in argv[2].
 */
import { createErrand, defineTask } from "@errand/core";
import { runOnce } from "graphile-worker";
import { z } from "zod";
import { postgresStore } from "../src/index.js";
import { reportOwnCpu } from "./cpuMeter.js";
import { silentLogger } from "./graphileSide.js";

export interface PerfRunnerSettings {
  system: "errand" | "graphile-worker";
  url: string;
  schema: string;
  concurrency: number;
  /** errand only: the store's `prefetch`. */
  prefetch: number;
  /** graphile-worker only: its defaults instead of its perfTest settings. */
  graphileDefaults?: boolean;
}

const settings = JSON.parse(process.argv[2] ?? "{}") as PerfRunnerSettings;

async function runErrandOnce(): Promise<void> {
  const store = postgresStore({
    connectionString: settings.url,
    schema: settings.schema,
    prefetch: settings.prefetch,
  });
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const noop = defineTask({
    name: "noop",
    input: z.object({ id: z.number() }),
    run: ({ controller }) => controller.success(),
  });
  // "Once": an empty claim with nothing in flight means the queue is drained.
  const watched = {
    ...store,
    async claim(request: Parameters<typeof store.claim>[0]) {
      const rows = await store.claim(request);
      if (rows.length === 0 && runner.activeTaskIds.length === 0) finish();
      return rows;
    },
  };
  const errand = createErrand({ tasks: { noop }, store: watched });
  const runner = errand.runner({ concurrency: settings.concurrency });
  runner.start();
  await done;
  await errand.close();
}

async function runGraphileOnce(): Promise<void> {
  await runOnce({
    connectionString: settings.url,
    schema: settings.schema,
    noHandleSignals: true,
    logger: silentLogger(),
    // The settings of graphile-worker's own perfTest (perfTest/graphile.config.js), or its defaults.
    preset: {
      // 20 connections each: four runners at concurrency + 1 would exceed a default max_connections.
      worker: settings.graphileDefaults
        ? { concurrentJobs: settings.concurrency, maxPoolSize: 20 }
        : {
            concurrentJobs: settings.concurrency,
            maxPoolSize: settings.concurrency + 1,
            localQueue: { size: 500, refetchDelay: { durationMs: 10 } },
            completeJobBatchDelay: 0,
            failJobBatchDelay: 0,
          },
    },
    taskList: { noop: async () => {} },
  });
}

await (settings.system === "errand" ? runErrandOnce() : runGraphileOnce());
reportOwnCpu();
