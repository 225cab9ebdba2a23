// A runner process for the crash tests: runs `sideEffect` tasks from the SQLite file in ERRAND_DB.
import { createErrand } from "@errand/core";
import pino from "pino";
import { sqliteStore } from "../../src/index.js";
import { sideEffect } from "./sideEffect.js";

const path = process.env.ERRAND_DB!;
const errand = createErrand({
  tasks: { sideEffect },
  store: sqliteStore({ path }),
  logger: pino({ level: "warn" }),
});
const runner = errand.runner({
  concurrency: Number(process.env.CONCURRENCY ?? 4),
  leaseMs: Number(process.env.LEASE_MS ?? 1_000),
  pollIntervalMs: 20,
});
await errand.ready();
runner.start();
process.stdout.write("ready\n");
const stop = async () => {
  await errand.close({ graceMs: 5_000 });
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
