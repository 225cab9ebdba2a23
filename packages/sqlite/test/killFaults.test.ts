import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineRunnerKillFaultTest } from "@errand/core/conformance";
import { describe } from "vitest";
import { sqliteStore } from "../src/index.js";

describe("runner processes SIGKILLed on one SQLite file", () => {
  defineRunnerKillFaultTest({
    name: "sqlite",
    storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "errand-kill-"));
      const path = join(dir, "errand.db");
      const store = sqliteStore({ path });
      await store.init();
      return {
        store,
        env: { ERRAND_DB: path },
        async cleanup() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  });
});
