import { fileURLToPath } from "node:url";
import { defineRunnerLimitsTest } from "@errand/core/conformance";
import { describePg, openForRunnerProcesses } from "./support/database.js";

describePg("flow-control limits across runner processes on one Postgres", () => {
  // Prefetch on: limited tasks bypass the buffer, so the limits must hold all the same.
  for (const prefetch of [0, 8]) {
    defineRunnerLimitsTest({
      name: prefetch === 0 ? "postgres" : `postgres, prefetch ${prefetch}`,
      storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
      open: () => openForRunnerProcesses(prefetch),
    });
  }
});
