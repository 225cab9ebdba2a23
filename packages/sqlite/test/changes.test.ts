import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TaskChange } from "@errand/core";
import { afterEach, describe, expect, it } from "vitest";
import { type SqliteStore, sqliteStore } from "../src/index.js";

let child: ChildProcess | undefined;
let store: SqliteStore | undefined;
let dir: string | undefined;
afterEach(async () => {
  child?.kill("SIGKILL");
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  child = store = dir = undefined;
});

async function until(check: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A second process writing to `path`; `write()` resolves once its insert committed. */
async function otherProcess(path: string) {
  const lines: string[] = [];
  child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "processes/writer.ts")], {
    env: { ...process.env, ERRAND_DB: path },
    stdio: ["pipe", "pipe", "inherit"],
  });
  child.stdout!.on("data", (chunk: Buffer) => lines.push(...chunk.toString().trim().split("\n")));
  await until(() => lines.includes("ready"));
  const writer = child;
  return {
    /** Resolves with the id of the task the other process inserted, once committed. */
    async write(): Promise<string> {
      const before = lines.length;
      writer.stdin!.write("x\n");
      await until(() => lines.length > before);
      return lines[before]!.replace("wrote ", "");
    },
  };
}

describe("watchChanges (SQLite)", () => {
  it("reports which tasks another process changed, and not this connection's own writes", async () => {
    dir = mkdtempSync(join(tmpdir(), "errand-changes-"));
    const path = join(dir, "errand.db");
    store = sqliteStore({ path });
    await store.init();
    const other = await otherProcess(path);
    const changes: TaskChange[] = [];
    const stop = store.watchChanges!((change) => changes.push(change));

    const first = await other.write();
    await until(() => changes.length === 1);
    expect(changes).toEqual([{ type: "tasks", ids: [first] }]);

    // This store's own insert: core reports it in-process; data_version does not move for it.
    const now = Date.now();
    await store.insert([
      {
        id: "own",
        name: "work",
        input: "{}",
        maxAttempts: 1,
        priority: 0,
        runAt: now,
        parentId: null,
        idempotencyKey: null,
        concurrencyKey: null,
        rateKey: null,
        debounceKey: null,
        createdAt: now,
      },
    ]);
    const second = await other.write();
    await until(() => changes.length >= 2);
    const third = await other.write();
    await until(() => changes.length >= 3);
    // The own insert may show up beside another process's change (found by the same look), never alone.
    const reported = changes
      .slice(1)
      .map((change) => (change.type === "tasks" ? change.ids.filter((id) => id !== "own") : change.type));
    expect(reported).toEqual([[second], [third]]);

    stop();
    await other.write();
    expect(changes).toHaveLength(3);
  }, 30_000);
});
