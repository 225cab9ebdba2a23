/*
 * `watch` on the change feed against `watch` by polling (as it was before the feed: each watched
 * task read every 200 ms), in the same run, on SQLite and Postgres. Not a test; run it with
 *   pnpm --filter @errand/server bench:watch              (both stores; Postgres from ERRAND_PG_URL)
 *   pnpm --filter @errand/server bench:watch -- sqlite    (one store)
 *
 * The server's errand and a second errand instance ("the other process": its own store object, so
 * its writes reach the server only through the store's push, as a runner process's would) share
 * one database.
 * - latency: the other instance claims a watched task (pending -> running); the time until the
 *   SSE client over HTTP gets the running state. Median of SAMPLES.
 * - cost: WATCHES subscriptions, one per running task, for WINDOW_MS; idle (nothing changes) and
 *   active (each watched task's progress moves once a second). Store calls the server makes per
 *   second (a counting wrapper around its store) and this process's CPU.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTasksClient } from "@errand/client";
import { createErrand, defineTask, type Errand, type Store } from "@errand/core";
import { postgresStore } from "@errand/postgres";
import { sqliteStore } from "@errand/sqlite";
import { z } from "zod";
import { createTasksServer, type TasksServerRouter } from "../src/index.js";

const SAMPLES = Number(process.env.SAMPLES ?? 100);
const WATCHES = Number(process.env.WATCHES ?? 50);
const WINDOW_MS = Number(process.env.WINDOW_MS ?? 10_000);
const PG_URL = process.env.ERRAND_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const work = defineTask({ name: "work", input: z.object({}), run: ({ controller }) => controller.success() });
const tasks = { work };
type Router = TasksServerRouter<typeof tasks>;

interface Backend {
  name: string;
  open(): Store;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), "errand-watch-bench-"));
  return {
    name: "SQLite",
    open: () => sqliteStore({ path: join(dir, "bench.db") }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresBackend(): Backend {
  const schema = `errand_watch_bench_${randomBytes(4).toString("hex")}`;
  return {
    name: "Postgres",
    open: () => postgresStore({ connectionString: PG_URL, schema }),
    async cleanup() {
      const store = postgresStore({ connectionString: PG_URL, schema });
      await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await store.close();
    },
  };
}

/** `store` with its calls counted; `push: false` hides its change push, as a store without one. */
function counted(store: Store, push: boolean): { store: Store; calls: () => number } {
  let calls = 0;
  const wrapped: Store = { ...store };
  for (const key of ["get", "list", "stats", "logs"] as const) {
    const original = store[key] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as unknown as Record<string, unknown>)[key] = (...args: unknown[]) => {
      calls++;
      return original(...args);
    };
  }
  if (!push) delete wrapped.watchChanges;
  return { store: wrapped, calls: () => calls };
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("bench: condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function quiet<T extends Errand<typeof tasks>>(errand: T): T {
  errand.logger.level = "warn";
  return errand;
}

async function serve(backend: Backend, push: boolean) {
  const { store, calls } = counted(backend.open(), push);
  const errand = quiet(createErrand({ tasks, store }));
  const server = await createTasksServer({ errand, port: 0, watchIntervalMs: 200 });
  const client = createTasksClient<Router>({ url: server.url });
  return {
    client,
    calls,
    async close() {
      await server.close();
      await errand.close();
    },
  };
}

async function latency(backend: Backend, other: Errand<typeof tasks>): Promise<number[]> {
  const side = await serve(backend, true);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const task = (await other.tasks.trigger({ name: "work", input: {} })).unwrap();
    let seen = "";
    let at = 0;
    const subscription = side.client.tasks.watch.subscribe(
      { id: task.id },
      {
        onData: ({ data }) => {
          if (data.type !== "update") return;
          seen = data.task.status;
          at = performance.now();
        },
      },
    );
    await until(() => seen === "pending");
    const start = performance.now();
    const [claimed] = await other.store.claim({
      runnerId: "bench",
      limit: 1,
      leaseMs: 600_000,
      now: Date.now(),
    });
    if (claimed?.id !== task.id) throw new Error("bench: claimed another task than the watched one");
    await until(() => seen === "running");
    samples.push(at - start);
    subscription.unsubscribe();
  }
  await side.close();
  return samples;
}

async function cost(backend: Backend, other: Errand<typeof tasks>, push: boolean, active: boolean) {
  const requests = Array.from({ length: WATCHES }, () => ({ name: "work" as const, input: {} }));
  const triggered = (await other.tasks.triggerMany(requests)).unwrap();
  const claimed = await other.store.claim({
    runnerId: "cost",
    limit: WATCHES,
    leaseMs: 600_000,
    now: Date.now(),
  });
  if (claimed.length !== WATCHES) throw new Error("bench: could not claim the watched tasks");
  const side = await serve(backend, push);
  const firsts = new Set<string>();
  const subscriptions = triggered.map((task) =>
    side.client.tasks.watch.subscribe({ id: task.id }, { onData: () => firsts.add(task.id) }),
  );
  await until(() => firsts.size === WATCHES);
  let step = 0;
  const writer = active
    ? setInterval(() => {
        const task = claimed[step % WATCHES]!;
        step++;
        void other.store.setStatus({
          id: task.id,
          runnerId: "cost",
          leaseNumber: task.leaseNumber,
          progress: step,
          now: Date.now(),
        });
      }, 1_000 / WATCHES)
    : undefined;
  const calls = side.calls();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  const seconds = (performance.now() - started) / 1_000;
  const used = process.cpuUsage(cpu);
  clearInterval(writer);
  const result = {
    callsPerSecond: (side.calls() - calls) / seconds,
    cpuPercent: ((used.user + used.system) / 1_000 / (seconds * 1_000)) * 100,
  };
  for (const subscription of subscriptions) subscription.unsubscribe();
  await side.close();
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)]!;

const chosen = process.argv.includes("sqlite")
  ? [sqliteBackend()]
  : process.argv.includes("postgres")
    ? [postgresBackend()]
    : [sqliteBackend(), postgresBackend()];
for (const backend of chosen) {
  const other = quiet(createErrand({ tasks, store: backend.open() }));
  await other.ready();
  try {
    const samples = await latency(backend, other);
    console.log(
      `\n${backend.name}: status change by another errand instance -> SSE client, ${SAMPLES} samples: ` +
        `median ${median(samples).toFixed(1)} ms, p90 ${p90(samples).toFixed(1)} ms`,
    );
    console.log(`${WATCHES} watches over ${WINDOW_MS / 1_000} s | store calls/s | CPU % of one core`);
    for (const active of [false, true]) {
      const polling = await cost(backend, other, false, active);
      const feed = await cost(backend, other, true, active);
      const label = active ? `active (${WATCHES} changes/s)` : "idle";
      console.log(
        `  ${label}: polling ${polling.callsPerSecond.toFixed(1)} calls/s, ${polling.cpuPercent.toFixed(1)}% CPU | ` +
          `feed ${feed.callsPerSecond.toFixed(1)} calls/s, ${feed.cpuPercent.toFixed(1)}% CPU | ` +
          `feed / polling: calls ${((feed.callsPerSecond / polling.callsPerSecond) * 100).toFixed(1)}%, ` +
          `CPU ${((feed.cpuPercent / polling.cpuPercent) * 100).toFixed(1)}%`,
      );
    }
  } finally {
    await other.close();
    await backend.cleanup();
  }
}
