import { fileURLToPath } from "node:url";
import { defineRunnerKillFaultTest } from "@errand/core/conformance";
import { describePg, openForRunnerProcesses } from "./support/database.js";

describePg("runner processes SIGKILLed on one Postgres", () => {
  // With prefetch too: a dead runner's buffered tasks must come back, their attempts not counted.
  for (const prefetch of [0, 8]) {
    defineRunnerKillFaultTest({
      name: prefetch === 0 ? "postgres" : `postgres, prefetch ${prefetch}`,
      storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
      // A prefetched task's start is written just after the hand-out: a kill in between is a run the
      // history does not show (at least once still holds; the rerun checks above still apply).
      historyRecordsEveryStart: prefetch === 0,
      open: () => openForRunnerProcesses(prefetch),
    });
  }
});
