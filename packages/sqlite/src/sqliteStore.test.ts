import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineStoreConformance } from "@errand/core/conformance";
import { sqliteStore } from "./sqliteStore.js";

defineStoreConformance({
  name: "sqlite",
  async open() {
    const dir = mkdtempSync(join(tmpdir(), "errand-sqlite-"));
    const path = join(dir, "errand.db");
    const store = sqliteStore({ path });
    await store.init();
    return {
      store,
      openAnother: async () => {
        const another = sqliteStore({ path });
        await another.init();
        return another;
      },
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
