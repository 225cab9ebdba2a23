// A runner process for the kill fault test. Its store comes from the module in
// ERRAND_FAULT_STORE_MODULE (exporting `openStore(): Store`); it prints "ready" once started and
// is only ever SIGKILLed or SIGTERMed by the test.
import pino from "pino";
import { createErrand } from "../../errand/createErrand.js";
import type { Store } from "../../store/store.js";
import { faultWork } from "./faultTask.js";
import { limitedTasks } from "./limitedTasks.js";

const { openStore } = (await import(process.env.ERRAND_FAULT_STORE_MODULE!)) as { openStore(): Store };
const tasks = process.env.ERRAND_FAULT_TASKS === "limits" ? limitedTasks : { faultWork };
const errand = createErrand({ tasks, store: openStore(), logger: pino({ level: "error" }) });
await errand.ready();
errand
  .runner({
    concurrency: Number(process.env.ERRAND_FAULT_CONCURRENCY),
    leaseMs: Number(process.env.ERRAND_FAULT_LEASE_MS),
    pollIntervalMs: 50,
  })
  .start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
  void errand.close({ graceMs: 5_000 }).finally(() => process.exit(0));
});
