import { fileURLToPath } from "node:url";
import { defineRunnerKillFaultTest } from "@errand/core/conformance";
import { describe } from "vitest";
import { openFreshFile } from "./support/freshFile.js";

describe("runner processes SIGKILLed on one SQLite file", () => {
  defineRunnerKillFaultTest({
    name: "sqlite",
    storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
    open: () => openFreshFile("errand-kill-"),
  });
});
