import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "@errand/core";
import { postgresStore } from "@errand/postgres";
import { sqliteStore } from "@errand/sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { type Stack, startStack, testErrand } from "./fixtures.js";

const PG_URL = process.env.ERRAND_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const cleanups: (() => Promise<void>)[] = [];
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(condition: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const backends: Record<string, () => () => Store> = {
  sqlite() {
    const dir = mkdtempSync(join(tmpdir(), "errand-watch-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return () => sqliteStore({ path: join(dir, "errand.db") });
  },
  postgres() {
    const schema = `errand_test_${randomBytes(5).toString("hex")}`;
    cleanups.push(async () => {
      const admin = postgresStore({ connectionString: PG_URL, schema });
      await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.close();
    });
    return () => postgresStore({ connectionString: PG_URL, schema });
  },
};

describe.each(Object.keys(backends))("watch sees another errand instance's writes (%s)", (kind) => {
  it("streams the states a runner on its own connection writes, up to the result", async () => {
    const open = backends[kind]!();
    // No polling fallback to lean on: only the store's push can bring the other instance's writes.
    stack = await startStack({ runner: false, store: open(), watchIntervalMs: 600_000 });
    // The runner's side: its own store object and connection, as in another process.
    const other = testErrand({ store: open() });
    cleanups.push(() => other.close());
    const task = await stack.client.tasks.trigger.mutate({
      name: "resizeImage",
      input: { url: "https://example.com/a.png", width: 8 },
    });
    const seen: string[] = [];
    const stop = stack.client.onProgress(task.id, (p) => seen.push(`${p.status} ${p.progress ?? "-"}`));
    await until(() => seen.length === 1);
    const result = stack.client.waitFor(task, { timeoutMs: 20_000 });
    const runner = other.runner({ pollIntervalMs: 20 }).start();
    cleanups.push(() => runner.stop({ graceMs: 1_000 }));
    expect(await result).toMatchObject({ ok: true, output: { width: 8, height: 4 } });
    await until(() => seen.at(-1)?.startsWith("success") === true);
    expect(seen[0]).toBe("pending -");
    // Progress steps of 60 ms each: the feed delivers the states between, not only the last.
    expect(seen.some((line) => line.startsWith("running"))).toBe(true);
    stop();
  }, 30_000);
});
