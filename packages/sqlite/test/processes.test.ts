import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createErrand } from "@errand/core";
import Database from "better-sqlite3";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteStore } from "../src/index.js";
import { sideEffect } from "./processes/sideEffect.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function startRunner(path: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "processes/runner.ts")],
    {
      env: { ...process.env, ERRAND_DB: path, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`runner exited early with ${code}`)));
  });
}

/** Polls `count` until it reads `n` (20 s: a safety net for a broken test, not a claim about speed). */
const reaches = (count: () => number, n: number) => expect.poll(count, { timeout: 20_000 }).toBe(n);

/** A fresh SQLite file with errand's schema and a `runs` table the task bodies write to. */
async function withSharedFile(
  test: (shared: {
    path: string;
    errand: ReturnType<typeof openErrand>;
    db: Database.Database;
  }) => Promise<void>,
) {
  const dir = mkdtempSync(join(tmpdir(), "errand-processes-"));
  const path = join(dir, "errand.db");
  const errand = openErrand(path);
  await errand.ready();
  const db = new Database(path);
  db.exec("CREATE TABLE runs (task_id TEXT, attempt INTEGER, pid INTEGER, finished INTEGER)");
  try {
    await test({ path, errand, db });
  } finally {
    db.close();
    await errand.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function openErrand(path: string) {
  return createErrand({
    tasks: { sideEffect },
    store: sqliteStore({ path }),
    logger: pino({ level: "silent" }),
  });
}

describe("runner processes on one SQLite file", () => {
  it("hands the killed runner's tasks to another; each ends success once and none is lost", async () => {
    await withSharedFile(async ({ path, errand, db }) => {
      const triggered = (
        await errand.tasks.triggerMany(
          Array.from({ length: 12 }, () => ({ name: "sideEffect" as const, input: { ms: 400 } })),
        )
      ).unwrap();
      const ids = triggered.map((t) => t.id);

      const doomed = await startRunner(path, { CONCURRENCY: "4" });
      // Kill once its task bodies have started (recorded their runs), not merely been claimed.
      const startedByDoomed = db.prepare("SELECT COUNT(*) AS n FROM runs WHERE pid = ? AND finished = 0");
      await reaches(() => (startedByDoomed.get(doomed.pid) as { n: number }).n, 4);
      doomed.kill("SIGKILL");
      await new Promise((resolve) => doomed.once("exit", resolve));
      const held = (
        db.prepare("SELECT task_id FROM runs WHERE pid = ? AND finished = 0").all(doomed.pid) as {
          task_id: string;
        }[]
      ).map((r) => r.task_id);
      expect(held.length).toBeGreaterThan(0);

      const survivor = await startRunner(path, { CONCURRENCY: "4" });
      const finished = db.prepare("SELECT COUNT(*) AS n FROM errand_tasks WHERE status = 'success'");
      await reaches(() => (finished.get() as { n: number }).n, ids.length);
      survivor.kill("SIGTERM");

      const records = await Promise.all(ids.map(async (id) => (await errand.tasks.get(id)).unwrap()));
      expect(records.every((r) => r.status === "success")).toBe(true);
      // Exactly one finished run per task: the side effect completed once, whoever ran it.
      const finishedRuns = db
        .prepare("SELECT task_id, COUNT(*) AS n FROM runs WHERE finished = 1 GROUP BY task_id")
        .all() as { task_id: string; n: number }[];
      expect(finishedRuns.map((r) => r.n)).toEqual(ids.map(() => 1));
      // The only tasks started twice are the ones the killed runner held, and those ended on attempt 2.
      const startedTwice = (
        db.prepare("SELECT task_id FROM runs GROUP BY task_id HAVING COUNT(*) > 1").all() as {
          task_id: string;
        }[]
      ).map((r) => r.task_id);
      expect(startedTwice.sort()).toEqual(held.sort());
      for (const id of held)
        expect(records.find((r) => r.id === id)).toMatchObject({ attempt: 2, output: { pid: survivor.pid } });
    });
  });

  it("shares one file between two runner processes: every task runs exactly once", async () => {
    await withSharedFile(async ({ path, errand, db }) => {
      const count = 400;
      const runners = await Promise.all([
        startRunner(path, { CONCURRENCY: "8" }),
        startRunner(path, { CONCURRENCY: "8" }),
      ]);
      (
        await errand.tasks.triggerMany(
          Array.from({ length: count }, () => ({ name: "sideEffect" as const, input: { ms: 2, peers: 2 } })),
        )
      ).unwrap();
      const finished = db.prepare("SELECT COUNT(*) AS n FROM errand_tasks WHERE status = 'success'");
      await reaches(() => (finished.get() as { n: number }).n, count);
      for (const runner of runners) runner.kill("SIGTERM");
      const perTask = db
        .prepare("SELECT COUNT(*) AS n, SUM(finished) AS f FROM runs GROUP BY task_id")
        .all() as { n: number; f: number }[];
      expect(perTask).toHaveLength(count);
      expect(perTask.every((r) => r.n === 1 && r.f === 1)).toBe(true);
      // Both processes took part: the file really was shared.
      const pids = db.prepare("SELECT DISTINCT pid FROM runs").all();
      expect(pids).toHaveLength(2);
    });
  });
});
