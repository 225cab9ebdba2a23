// A runner process for the schedule tests. Its store comes from the module in
// ERRAND_FAULT_STORE_MODULE (exporting `openStore(): Store`); it logs JSON lines to stdout at debug (the
// test reads the scheduler's "schedules caught up" line), prints "ready" once started, and stops
// gracefully on SIGTERM.
import pino from "pino";
import { createErrand } from "../../errand/createErrand.js";
import type { CatchUp } from "../../schedule/scheduleConfig.js";
import type { Store } from "../../store/store.js";
import { everySecond } from "./scheduledTask.js";

const { openStore } = (await import(process.env.ERRAND_FAULT_STORE_MODULE!)) as { openStore(): Store };
const catchUp = process.env.ERRAND_SCHEDULE_CATCH_UP as CatchUp;
const errand = createErrand({
  tasks: { everySecond: everySecond(catchUp) },
  store: openStore(),
  logger: pino({ level: "debug" }),
});
await errand.ready();
errand.runner({ concurrency: 4, pollIntervalMs: 50 }).start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
  void errand.close({ graceMs: 5_000 }).finally(() => process.exit(0));
});
