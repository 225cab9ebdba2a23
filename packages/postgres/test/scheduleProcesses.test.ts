import { fileURLToPath } from "node:url";
import { defineScheduleProcessTests } from "@errand/core/conformance";
import { describePg, openForRunnerProcesses } from "./support/database.js";

describePg("schedules on runner processes sharing one Postgres", () => {
  defineScheduleProcessTests({
    name: "postgres",
    storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
    catchUp: ["latest"],
    open: () => openForRunnerProcesses(),
  });
});
