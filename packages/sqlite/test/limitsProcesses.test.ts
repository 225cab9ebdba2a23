import { fileURLToPath } from "node:url";
import { defineRunnerLimitsTest } from "@errand/core/conformance";
import { describe } from "vitest";
import { openFreshFile } from "./support/freshFile.js";

describe("flow-control limits across runner processes on one SQLite file", () => {
  defineRunnerLimitsTest({
    name: "sqlite",
    storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
    open: () => openFreshFile("errand-limits-"),
  });
});
