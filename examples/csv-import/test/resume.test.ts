import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { openApp, startRunner } from "../src/app.js";
import { generateCsv } from "../src/csv/generateCsv.js";
import type { StoreSettings } from "../src/store.js";
import { dropSchema, freshSchema, PG_URL, pgUnavailable } from "./support/postgres.js";
import { startRunnerProcess, stopProcess } from "./support/runnerProcess.js";
import { until } from "./support/until.js";

const ROWS = 12_000;
const CHUNK = 1_000;

/**
 * Imports a CSV with a runner in a child process, SIGKILLs that process a quarter of the way
 * through, and lets a second runner (in this process) finish. Returns what the test asserts on.
 */
async function importThroughACrash(postgres?: { url: string; schema: string }) {
  const dir = mkdtempSync(join(tmpdir(), "csv-import-"));
  const file = join(dir, "people.csv");
  const csv = await generateCsv(file, ROWS);
  const settings: StoreSettings = { databaseUrl: postgres?.url, schema: postgres?.schema ?? "unused", dir };
  const env = {
    ERRAND_DATABASE_URL: settings.databaseUrl ?? "",
    ERRAND_SCHEMA: settings.schema,
    ERRAND_DIR: settings.dir,
    // The killed runner's lease runs out after a second; then the other runner takes the task over.
    LEASE_MS: "1000",
  };
  const app = await openApp(settings, pino({ level: "silent" }));
  try {
    const { tasks } = app.errand;
    const { id } = (
      await tasks.trigger({ name: "importCsv", input: { file, chunkSize: CHUNK, pauseMs: 100 } })
    ).unwrap();
    const read = async () => (await tasks.get(id)).unwrap();

    const first = await startRunnerProcess(env);
    await until(read, (task) => (task.progress ?? 0) >= 0.25);
    await stopProcess(first, "SIGKILL");
    const atKill = await read();

    const second = startRunner(app, 1_000);
    const done = await until(read, (task) => task.status !== "pending" && task.status !== "running");
    await second.stop();

    const chunks = await app.target.chunks(id);
    return {
      csv,
      atKill,
      done,
      summary: await app.target.summary(),
      firstRunnerChunks: chunks.filter((chunk) => chunk.pid === first.pid),
      secondRunnerChunks: chunks.filter((chunk) => chunk.pid === process.pid),
      chunks,
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectResumed(result: Awaited<ReturnType<typeof importThroughACrash>>) {
  const { csv, atKill, done, summary, firstRunnerChunks, secondRunnerChunks, chunks } = result;
  // The kill really landed mid-import.
  expect(atKill.progress).toBeLessThan(1);
  expect(atKill.status === "running" || atKill.status === "pending").toBe(true);

  expect(done.status).toBe("success");
  expect(done.output).toEqual({ rows: ROWS });

  // Every person exactly once, with the file's amounts: nothing skipped at a chunk boundary or doubled.
  expect(summary).toEqual({
    rows: ROWS,
    distinctIds: ROWS,
    minId: 1,
    maxId: ROWS,
    amountCents: csv.amountCents,
  });
  expect(chunks.reduce((sum, chunk) => sum + chunk.inserted, 0)).toBe(ROWS);

  // The second runner picked up from the checkpoint, not from the top of the file.
  expect(firstRunnerChunks.length).toBeGreaterThan(0);
  expect(secondRunnerChunks[0]!.startRow).toBeGreaterThan(0);
  expect(secondRunnerChunks[0]!.startRow).toBeGreaterThanOrEqual(firstRunnerChunks.at(-1)!.startRow);
  expect(firstRunnerChunks.length + secondRunnerChunks.length).toBe(chunks.length);
}

describe("csv-import: a runner killed mid-import", () => {
  it("leaves the import to the next runner, which resumes from the checkpoint (SQLite)", async () => {
    expectResumed(await importThroughACrash());
  });

  it.skipIf(pgUnavailable !== null)(
    "leaves the import to the next runner, which resumes from the checkpoint (Postgres)",
    async () => {
      const schema = freshSchema();
      try {
        expectResumed(await importThroughACrash({ url: PG_URL, schema }));
      } finally {
        await dropSchema(schema);
      }
    },
  );
});
