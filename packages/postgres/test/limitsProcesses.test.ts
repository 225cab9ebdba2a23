import { fileURLToPath } from "node:url";
import { defineRunnerLimitsTest } from "@errand/core/conformance";
import { describePg, openForRunnerProcesses } from "./support/database.js";

describePg("flow-control limits across runner processes on one Postgres", () => {
  defineRunnerLimitsTest({
    name: "postgres",
    storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
    open: () => openForRunnerProcesses(),
  });
});
