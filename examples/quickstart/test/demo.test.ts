import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { postgresStore } from "@errand/postgres";
import { sqliteStore } from "@errand/sqlite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { runDemo } from "../src/demo.js";

const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const PG_URL = process.env.ERRAND_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Runs a command in the app's folder, its store in `dir`, and collects what it printed. */
function run(command: string, args: string[], dir: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const env = { ...process.env, ERRAND_DATABASE_URL: "", ERRAND_DIR: dir };
    const child = spawn(command, args, { cwd: APP_DIR, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function expectDemoOutputs(outputs: Awaited<ReturnType<typeof runDemo>>, lines: string[]) {
  expectTypeOf(outputs.greet).toEqualTypeOf<{ message: string; greetedAt: Date }>();
  expectTypeOf(outputs.countTo).toEqualTypeOf<{ counted: number }>();
  expect(outputs.greet.message).toBe("Hello, Ada!");
  expect(outputs.greet.greetedAt).toBeInstanceOf(Date);
  expect(outputs.countTo).toEqual({ counted: 5 });
  expect(lines.some((line) => /^countTo \d+% counted \d of 5$/.test(line))).toBe(true);
  expect(lines.at(-1)).toBe("stopped");
}

describe("the demo flow", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "quickstart-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("on SQLite: both tasks run, the outputs come back typed, and everything stops", async () => {
    const lines: string[] = [];
    const outputs = await runDemo(sqliteStore({ path: path.join(dir, "errand.db") }), (line) =>
      lines.push(line),
    );
    expectDemoOutputs(outputs, lines);
  });
});

describe("the demo flow on Postgres", () => {
  const schema = `quickstart_test_${randomBytes(5).toString("hex")}`;
  const pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await pool.end();
  });

  test("same flow, same outputs", async (context) => {
    const reachable = await pool.query("SELECT 1").then(
      () => true,
      (error: Error) => error.message,
    );
    if (reachable !== true) {
      // CI must never pass by skipping the store it is meant to prove.
      if (process.env.CI) throw new Error(`CI: Postgres at ${PG_URL} is unreachable: ${reachable}`);
      context.skip(`Postgres at ${PG_URL} is unreachable: ${reachable}`);
    }
    const lines: string[] = [];
    const outputs = await runDemo(postgresStore({ pool, schema }), (line) => lines.push(line));
    expectDemoOutputs(outputs, lines);
  });
});

describe("the app's files", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "quickstart-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("the start script runs the demo to the end and exits 0", async () => {
    const started = await run(process.execPath, ["--import", "tsx", "src/demo.ts"], dir);
    expect(started.stderr).toBe("");
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^greet {3}→ Hello, Ada! \(at \S+\)$/m);
    expect(started.stdout).toMatch(/^countTo → counted 5$/m);
  });

  test("the committed registry is what `errand codegen` generates", async () => {
    const checked = await run(
      process.execPath,
      [path.join(APP_DIR, "../../packages/cli/bin/errand.js"), "codegen", "--check"],
      dir,
    );
    expect(checked.stderr).toBe("");
    expect(checked.stdout).toContain("generated files are up to date");
    expect(checked.code).toBe(0);
  });
});
