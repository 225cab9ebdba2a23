import { fileURLToPath } from "node:url";
import { defineRunnerKillFaultTest } from "@errand/core/conformance";
import { describePg, openForRunnerProcesses } from "./support/database.js";

describePg("runner processes SIGKILLed on one Postgres", () => {
  defineRunnerKillFaultTest({
    name: "postgres",
    storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
    open: () => openForRunnerProcesses(),
  });
});
