import { fileURLToPath } from "node:url";
import { defineRunnerKillFaultTest } from "@errand/core/conformance";
import { describePg, openFreshStore, PG_URL } from "./support/database.js";

describePg("runner processes SIGKILLed on one Postgres", () => {
  // With prefetch too: a dead runner's buffered tasks must come back, their attempts not counted.
  for (const prefetch of [0, 8]) {
    defineRunnerKillFaultTest({
      name: prefetch === 0 ? "postgres" : `postgres, prefetch ${prefetch}`,
      storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
      // A prefetched task's start is written just after the hand-out: a kill in between is a run the
      // history does not show (at least once still holds; the rerun checks above still apply).
      historyRecordsEveryStart: prefetch === 0,
      async open() {
        const { store, schema, cleanup } = await openFreshStore();
        return {
          store,
          env: { ERRAND_PG_URL: PG_URL, ERRAND_PG_SCHEMA: schema, ERRAND_PG_PREFETCH: String(prefetch) },
          cleanup,
        };
      },
    });
  }
});
