import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineRunnerLimitsTest } from "@errand/core/conformance";
import { describe } from "vitest";
import { sqliteStore } from "../src/index.js";

describe("flow-control limits across runner processes on one SQLite file", () => {
  defineRunnerLimitsTest({
    name: "sqlite",
    storeModule: fileURLToPath(new URL("./faults/store.ts", import.meta.url)),
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "errand-limits-"));
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
