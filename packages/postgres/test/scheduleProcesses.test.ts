import { fileURLToPath } from "node:url";
import { defineScheduleProcessTests } from "@errand/core/conformance";
import { describePg, openFreshStore, PG_URL } from "./support/database.js";

describePg("schedules on runner processes sharing one Postgres", () => {
  defineScheduleProcessTests({
    name: "postgres",
    storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
    catchUp: ["latest"],
    async open() {
      const { store, schema, cleanup } = await openFreshStore();
      return { store, env: { ERRAND_PG_URL: PG_URL, ERRAND_PG_SCHEMA: schema }, cleanup };
    },
  });
});
