import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTaskOnce } from "@errand/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CSV_HEADER, generateCsv } from "../src/csv/generateCsv.js";
import type { ImportTarget } from "../src/target/importTarget.js";
import { sqliteTarget } from "../src/target/sqliteTarget.js";
import { importCsv } from "../src/tasks/importCsv.js";

let dir: string;
let target: ImportTarget;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "csv-import-task-"));
  target = sqliteTarget(join(dir, "people.db"));
});
afterEach(async () => {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("importCsv, one run at a time", () => {
  it("imports one chunk, reports progress and asks to continue", async () => {
    const file = join(dir, "people.csv");
    await generateCsv(file, 10);
    const run = await runTaskOnce(importCsv, { file, chunkSize: 4 }, { context: { target } });
    expect(run.ok && run.value).toMatchObject({
      status: "pending",
      willRunAgain: true,
      statusMessage: "4 rows imported",
    });
    expect(run.ok && run.value.progress).toBeGreaterThan(0.3);
    expect(run.ok && run.value.progress).toBeLessThan(0.6);
    expect(await target.summary()).toMatchObject({ rows: 4, minId: 1, maxId: 4 });
  });

  it("fails at once, without retries, on a malformed line, naming it", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, `${CSV_HEADER}\n1,Ada,ada@example.com,1.00\n2,Alan,not-an-email,2.00\n`);
    const run = await runTaskOnce(importCsv, { file }, { context: { target } });
    expect(run.ok && run.value.status).toBe("failed");
    expect(run.ok && run.value.error?.message).toMatch(/line 3/);
    // The chunk is all or nothing: the good line before the bad one was not written either.
    expect((await target.summary()).rows).toBe(0);
  });

  it("fails at once on a file without the expected header", async () => {
    const file = join(dir, "noheader.csv");
    writeFileSync(file, "1,Ada,ada@example.com,1.00\n");
    const run = await runTaskOnce(importCsv, { file }, { context: { target } });
    expect(run.ok && run.value).toMatchObject({ status: "failed", willRunAgain: false });
    expect(run.ok && run.value.error?.message).toMatch(/must start with "id,name,email,amount"/);
  });
});
