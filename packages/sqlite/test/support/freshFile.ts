import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sqliteStore } from "../../src/index.js";

/** A store on a new SQLite file in a temp folder, the env runner processes open it with, and cleanup. */
export async function openFreshFile(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
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
}
