/*
 * HTTP trigger throughput on loopback, side by side with the floor: a no-op tRPC mutation with the
 * same payload on the same server, through the same batching client; and with core's trigger behind
 * a bare mutation, to tell the router's cost from core's and the store's. Not a test; run it with
 *   pnpm --filter @errand/server bench            (memory store)
 *   pnpm --filter @errand/server bench -- sqlite  (a SQLite file in a temp dir)
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTasksClient } from "@errand/client";
import { createErrand, defineTask, memoryStore, type Store } from "@errand/core";
import { sqliteStore } from "@errand/sqlite";
import { initTRPC } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { z } from "zod";
import { createTasksRouter } from "../src/index.js";

const CALLS = 5_000;
const IN_FLIGHT = 200;
const RUNS = 5;

const sendEmail = defineTask({
  name: "sendEmail",
  input: z.object({ to: z.email(), subject: z.string().min(1) }),
  run: ({ controller }) => controller.success(),
});

const storeKind = process.argv.includes("sqlite") ? "sqlite" : "memory";
const dir = mkdtempSync(join(tmpdir(), "errand-bench-"));
const store: Store = storeKind === "sqlite" ? sqliteStore({ path: join(dir, "bench.db") }) : memoryStore();
const errand = createErrand({ tasks: { sendEmail }, store });
errand.logger.level = "warn";

const t = initTRPC.create({ transformer: superjson });
const router = t.router({
  tasks: createTasksRouter(errand, { t }),
  noop: t.procedure.input((raw: unknown) => raw).mutation(() => ({ ok: true })),
  // Core's trigger behind a bare mutation: what the tasks router itself adds is the gap to this one.
  bare: t.procedure
    .input((raw: unknown) => raw as { name: "sendEmail"; input: { to: string; subject: string } })
    .mutation(async ({ input }) => (await errand.tasks.trigger(input)).unwrap()),
});
const server = createHTTPServer({ router, maxBodySize: 1024 * 1024 });
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const client = createTasksClient<typeof router>({ url });

const request = (n: number) => ({
  name: "sendEmail" as const,
  input: { to: `user${n}@example.com`, subject: "Hi" },
});

/** `CALLS` calls with `IN_FLIGHT` outstanding at a time; the client batches what is pending together. */
async function measure(call: (n: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CALLS) await call(next++);
    }),
  );
  return CALLS / ((performance.now() - started) / 1_000);
}

const scenarios: Record<string, (n: number) => Promise<unknown>> = {
  "noop mutation (floor)": (n) => client.trpc.noop.mutate(request(n)),
  "tasks.trigger": (n) => client.tasks.trigger.mutate(request(n)),
  "bare core trigger": (n) => client.trpc.bare.mutate(request(n)),
};
const rates: Record<string, number[]> = Object.fromEntries(Object.keys(scenarios).map((name) => [name, []]));

for (const call of Object.values(scenarios)) await measure(call); // warm-up: JIT, sockets, store
for (let run = 0; run < RUNS; run++) {
  for (const [name, call] of Object.entries(scenarios)) rates[name]!.push(await measure(call));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const floor = median(rates["noop mutation (floor)"]!);
const trigger = median(rates["tasks.trigger"]!);
console.log(
  `HTTP trigger on loopback, ${storeKind} store: ${CALLS} calls x ${RUNS} runs, ${IN_FLIGHT} in flight, httpBatchLink`,
);
for (const [name, values] of Object.entries(rates)) {
  const shown = values.map((v) => Math.round(v)).join(", ");
  console.log(
    `  ${name.padEnd(22)} median ${Math.round(median(values)).toString().padStart(6)} calls/s  (runs: ${shown})`,
  );
}
const bare = median(rates["bare core trigger"]!);
console.log(`  ratio trigger/floor: ${(trigger / floor).toFixed(2)} (target >= 0.50)`);
console.log(`  ratio trigger/bare core trigger: ${(trigger / bare).toFixed(2)} (the router's own overhead)`);

server.closeAllConnections();
await new Promise((resolve) => server.close(resolve));
await errand.close();
rmSync(dir, { recursive: true, force: true });
