/**
 * One runner process of the benchmark, for either system, in "once" mode: it runs no-op tasks
 * until it finds none left, then exits (graphile-worker's `--once`). Settings as JSON in argv[2].
 */
import { createErrand } from "@errand/core";
import { runOnce } from "graphile-worker";
import { postgresStore } from "../src/index.js";
import { CLAIMS_TAG, READY_TAG, reportOwnCpu } from "./cpuMeter.js";
import { runFloorOnce } from "./floorSide.js";
import { graphileSystem, silentLogger } from "./graphileSide.js";
import { fillQueue, noop } from "./noopQueue.js";

export interface PerfRunnerSettings {
  system: "errand" | "graphile-worker" | "floor";
  url: string;
  schema: string;
  concurrency: number;
  /** graphile-worker only: its defaults instead of its perfTest settings. */
  graphileDefaults?: boolean;
  /** errand only: print each claim's end time and duration (CLAIMS_TAG line) before exiting. */
  claimTimes?: boolean;
  /** graphile-worker only: its pool size (default concurrency + 1; 8 such runners would pass max_connections). */
  graphilePoolSize?: number;
  /**
   * errand and graphile-worker: once loaded (errand: connected too), print READY_TAG and wait for a
   * line on stdin before working, and report only the CPU used after it. Runner processes of a
   * deployment start once and stay up: their start-up (a second of CPU each here, mostly loading
   * modules) is not the queue's cost.
   */
  together?: boolean;
  /**
   * errand and graphile-worker with `together`: before saying it is ready, the process drains this
   * many no-op tasks of its own (a private schema, dropped after), so that the measured drain finds
   * its code compiled: V8 spends about 300 ms of CPU per process optimising the runner's hot path
   * in its first ~10,000 tasks, a cost a long-lived runner pays once.
   */
  warmTasks?: number;
}

const settings = JSON.parse(process.argv[2] ?? "{}") as PerfRunnerSettings;

/** CPU use when the runner was let go (`together`); undefined: report all of it. */
let startedAt: NodeJS.CpuUsage | undefined;

/** `warm`: fills `schema` with `warmTasks` first, drains it and drops it, reporting nothing. */
async function runErrandOnce(schema: string, warm: boolean): Promise<void> {
  // ERRAND_VACUUM=0: the runners leave the claim index's dead entries to autovacuum (for comparison).
  const store = postgresStore({
    connectionString: settings.url,
    schema,
    vacuum: process.env.ERRAND_VACUUM !== "0",
  });
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  // [end epoch ms, duration ms] of every claim, combined (settleAndClaim) or not.
  const claims: [number, number][] = [];
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await call();
    if (settings.claimTimes) claims.push([Date.now(), performance.now() - start]);
    return result;
  };
  // "Once": an empty claim with nothing in flight means the queue is drained. The claim may be the
  // one a turn's write makes: after it found nothing, the runner's loop does not claim again until
  // something signals it or the poll interval passes.
  const watched: typeof store = {
    ...store,
    async claim(request) {
      const rows = await timed(() => store.claim(request));
      if (rows.length === 0 && runner.activeTaskIds.length === 0) finish();
      return rows;
    },
    ...(store.settleAndClaim && {
      async settleAndClaim(settlements, now, abortedError, request) {
        const written = await timed(() => store.settleAndClaim!(settlements, now, abortedError, request));
        if (written.claimed.length === 0 && runner.activeTaskIds.length === 0) finish();
        return written;
      },
    }),
  };
  const errand = createErrand({ tasks: { noop }, store: watched });
  const runner = errand.runner({ concurrency: settings.concurrency });
  if (warm) {
    await store.init();
    await fillQueue(errand, store, schema, settings.warmTasks!);
  } else if (settings.together) {
    await errand.ready();
    await waitForGo();
  }
  runner.start();
  await done;
  if (warm) await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  await errand.close();
  if (settings.claimTimes && !warm) process.stdout.write(`${CLAIMS_TAG}${JSON.stringify(claims)}\n`);
}

/** `together`: say this process is ready, wait for the word, and count CPU from then on. */
async function waitForGo(): Promise<void> {
  process.stdout.write(`${READY_TAG}\n`);
  await new Promise((resolve) => process.stdin.once("data", resolve));
  process.stdin.pause();
  startedAt = process.cpuUsage();
}

/** `warm`: on a queue of `warmTasks` of its own instead (`graphileSystem` makes and drops it). */
async function runGraphileOnce(warm: boolean): Promise<void> {
  const warmSystem = warm ? graphileSystem(settings.url) : undefined;
  if (warmSystem) {
    await warmSystem.install();
    await warmSystem.enqueue(settings.warmTasks!);
  } else if (settings.together) await waitForGo();
  await runOnce({
    connectionString: settings.url,
    schema: warmSystem?.schema ?? settings.schema,
    noHandleSignals: true,
    logger: silentLogger(),
    // The settings of graphile-worker's own perfTest (perfTest/graphile.config.js), or its defaults.
    preset: {
      // 20 connections each: four runners at concurrency + 1 would exceed a default max_connections.
      worker: settings.graphileDefaults
        ? { concurrentJobs: settings.concurrency, maxPoolSize: 20 }
        : {
            concurrentJobs: settings.concurrency,
            maxPoolSize: settings.graphilePoolSize ?? settings.concurrency + 1,
            localQueue: { size: 500, refetchDelay: { durationMs: 10 } },
            completeJobBatchDelay: 0,
            failJobBatchDelay: 0,
          },
    },
    taskList: { noop: async () => {} },
  });
  await warmSystem?.drop();
}

/** Waits for "go" like the others, but drains nothing first: two SQL statements in a loop have no code worth warming. */
async function runFloor(): Promise<void> {
  if (settings.together) await waitForGo();
  await runFloorOnce(settings.url, settings.schema);
}

if (settings.warmTasks && settings.system !== "floor") {
  await (settings.system === "errand"
    ? runErrandOnce(`${settings.schema}_warm_${process.pid}`, true)
    : runGraphileOnce(true));
}
await (settings.system === "errand"
  ? runErrandOnce(settings.schema, false)
  : settings.system === "floor"
    ? runFloor()
    : runGraphileOnce(false));
reportOwnCpu(startedAt);
