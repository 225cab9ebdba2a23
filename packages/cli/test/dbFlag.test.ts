import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { copyFixtureApp, type FixtureApp } from "./support/fixtureApp.js";
import { runErrand } from "./support/runErrand.js";

// Each test runs the real bin several times: minutes, not seconds, on a loaded machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

// `--db` refuses what it cannot open, instead of creating folders and answering "no tasks".

let app: FixtureApp;
let missingDir: string;

beforeAll(async () => {
  app = await copyFixtureApp();
  missingDir = path.join(app.dir, "no/such/dir");
});

afterAll(() => app.remove());

const errand = (...args: string[]) => runErrand(args, { cwd: app.dir });

test("an unknown scheme names the ones that are supported (exit 2), for every command", async () => {
  const runs = await Promise.all([
    errand("list", "--db", "mysql://x@127.0.0.1/db"),
    errand("trigger", "greet", "-i", '{"name":"A"}', "--db", "mysql://x@127.0.0.1/db"),
    errand("runner", "--db", "mysql://x@127.0.0.1/db"),
  ]);
  for (const run of runs) {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      'errand: --db: unsupported store "mysql://..."; --db takes a SQLite file path or a postgres:// (or postgresql://) URL\n',
    );
  }
  expect(existsSync(path.join(app.dir, "mysql:"))).toBe(false);
});

test("a path in a folder that does not exist is an error, and no folder is created", async () => {
  const db = path.join(missingDir, "x.db");
  const [list, trigger, runner] = await Promise.all([
    errand("list", "--db", db),
    errand("trigger", "greet", "-i", '{"name":"A"}', "--db", db),
    errand("runner", "--db", db),
  ]);
  for (const run of [list, trigger, runner]) {
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
  }
  expect(list.stderr).toBe(`errand: no SQLite store at ${db} (no such file); check --db\n`);
  for (const run of [trigger, runner]) {
    expect(run.stderr).toBe(
      `errand: --db ${db}: the folder ${missingDir} does not exist; check the path, or add --create to create it\n`,
    );
  }
  expect(existsSync(path.join(app.dir, "no"))).toBe(false);
});

test("read commands refuse a file that does not exist rather than print an empty store", async () => {
  await mkdir(path.join(app.dir, "empty"), { recursive: true });
  const db = path.join(app.dir, "empty/typo.db");
  const [list, stats, get] = await Promise.all([
    errand("list", "--db", db),
    errand("stats", "--db", db),
    errand("get", "some-id", "--db", db),
  ]);
  for (const run of [list, stats, get]) {
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toBe(`errand: no SQLite store at ${db} (no such file); check --db\n`);
  }
  expect(existsSync(db)).toBe(false);
});

test("--create makes the folder: trigger then stores the task, and list reads it", async () => {
  const db = path.join(app.dir, "made/here/tasks.db");
  const triggered = await errand("trigger", "greet", "-i", '{"name":"A"}', "--db", db, "--create");
  expect(triggered.stderr).toBe("");
  expect(triggered.code).toBe(0);
  const listed = await errand("list", "--db", db, "--json");
  expect(JSON.parse(listed.stdout).items).toMatchObject([{ id: triggered.stdout.trim(), name: "greet" }]);
});
