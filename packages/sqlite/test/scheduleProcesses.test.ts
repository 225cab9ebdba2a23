import { fileURLToPath } from "node:url";
import { defineScheduleProcessTests } from "@errand/core/conformance";
import { describe } from "vitest";
import { openFreshFile } from "./support/freshFile.js";

describe("schedules on runner processes sharing one SQLite file", () => {
  defineScheduleProcessTests({
    name: "sqlite",
    storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
    catchUp: ["latest", "none", "all"],
    open: () => openFreshFile("errand-schedules-"),
  });
});
