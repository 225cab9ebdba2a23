import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createErrand } from "@errand/core";
import Database from "better-sqlite3";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteStore } from "../src/index.js";
import { sideEffect } from "./processes/sideEffect.js";
import { killChildren, startChild } from "./support/child.js";

afterEach(killChildren);

function tempDir(): { dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), "errand-file-faults-"));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("SQLite file faults", () => {
  it("lets several processes open a brand-new file while another migrates it, none failing with SQLITE_BUSY", async () => {
    using temp = tempDir();
    const children = Array.from({ length: 4 }, () => startChild("openAtOnce.ts", {}));
    await Promise.all(children.map((child) => child.line(/^waiting$/)));
    for (let round = 0; round < 2; round++) {
      const path = join(temp.dir, `fresh-${round}.db`);
      // The first opener of a new file migrates it inside BEGIN IMMEDIATE. Another process that
      // switches the file to WAL meanwhile reads it, then needs it to itself: SQLite answers that
      // at once with SQLITE_BUSY, without waiting the busy timeout (it would deadlock otherwise).
      const first = new Database(path);
      first.exec("BEGIN IMMEDIATE");
      first.exec("CREATE TABLE probe (x INTEGER)");
      for (const child of children) child.process.stdin!.write(`${path}\n`);
      const results = children.map((child) => child.line(new RegExp(`^(opened|failed) ${path}`)));
      const settled = results.map((result) => result.then(() => true));
      // Release once each process has either given up or is waiting for the lock (asleep).
      await Promise.all(
        children.map(async (child, i) => {
          await child.line(new RegExp(`^opening ${path}`));
          await Promise.race([settled[i], until(() => isAsleep(child.process.pid!))]);
        }),
      );
      first.exec("COMMIT");
      first.close();
      expect(await Promise.all(results), `round ${round}`).toEqual(children.map(() => `opened ${path}`));
    }
    for (const child of children) child.process.stdin!.end();
    await Promise.all(children.map((child) => child.exited));
  }, 120_000);

  it("fails at start with a clear error on a file this process may not write, instead of on every poll", async () => {
    using temp = tempDir();
    const path = join(temp.dir, "errand.db");
    const owner = createErrand({
      tasks: { sideEffect },
      store: sqliteStore({ path }),
      logger: pino({ level: "silent" }),
    });
    await owner.ready();
    await owner.close();
    chmodSync(path, 0o444);
    // Root may write any file: run the opener as an unprivileged user then, with a folder it may write.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(temp.dir, 0o777);
    const opener = startChild("openOnce.ts", { ERRAND_DB: path }, asRoot ? { uid: 65534, gid: 65534 } : {});
    const outcome = await opener.line(/^(opened|failed)/);
    expect(outcome).toMatch(/^failed cannot write the SQLite file .*errand\.db \(SQLITE_READONLY/);
    expect(outcome).toContain("make the file and its folder writable");
  }, 60_000);

  it("notices its file deleted under a running runner and runs what is triggered at the path again", async () => {
    using temp = tempDir();
    const path = join(temp.dir, "errand.db");
    const runner = startChild("runner.ts", { ERRAND_DB: path });
    await runner.line(/^ready$/);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    // Someone (a deploy, `errand trigger`) creates a new file at the same path and triggers a task.
    const errand = createErrand({
      tasks: { sideEffect },
      store: sqliteStore({ path }),
      logger: pino({ level: "silent" }),
    });
    try {
      await errand.ready();
      const db = new Database(path);
      db.exec("CREATE TABLE runs (task_id TEXT, attempt INTEGER, pid INTEGER, finished INTEGER)");
      db.close();
      const { id } = (await errand.tasks.trigger({ name: "sideEffect", input: { ms: 1 } })).unwrap();
      const done = await until(async () => {
        const task = (await errand.tasks.get(id)).unwrap();
        return task.status === "success" ? task : undefined;
      });
      expect(done.output).toEqual({ pid: runner.process.pid });
    } finally {
      await errand.close();
    }
    expect(runner.stderr()).toMatch(
      /the SQLite file .*errand\.db was (deleted|replaced) while open; reopening/,
    );
  }, 60_000);
});

/** Linux: the process's main thread is sleeping (in SQLite's busy wait, here). */
function isAsleep(pid: number): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).startsWith("S");
}

/** Polls `check` until it returns something truthy (the test's timeout bounds the wait). */
async function until<T>(check: () => T | Promise<T>): Promise<NonNullable<T>> {
  for (;;) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
