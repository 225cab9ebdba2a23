import path from "node:path";
import type { TaskLogLine, TaskRecord } from "@errand/core";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { copyFixtureApp, type FixtureApp } from "./support/fixtureApp.js";
import { type Finished, type Running, runErrand, startServer } from "./support/runErrand.js";

// Each test runs the real bin several times: minutes, not seconds, on a loaded machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

// `update`, `delete`, `logs`, and ISO dates for z.date() inputs, the same over a server (--url)
// and straight on its store (--db): one `serve --runner` on a SQLite file that both modes reach.

let app: FixtureApp;
let server: Running;
let url: string;
let dbPath: string;

beforeAll(async () => {
  app = await copyFixtureApp();
  dbPath = path.join(app.dir, "managed.db");
  ({ server, url } = await startServer(app.dir, dbPath));
});

afterAll(async () => {
  if (server.process.exitCode === null) server.process.kill("SIGKILL");
  await app.remove();
});

const json = <T>(run: Finished): T => {
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
};

const REMIND_INPUT = JSON.stringify({
  at: "2026-12-01T09:00:00Z",
  note: "call Ada",
  also: ["2026-12-02", "2026-12-03T10:30:00.000+02:00"],
  window: { from: "2026-11-30T00:00:00.000Z" },
});

describe.each([
  ["--db", () => ["--db", dbPath]],
  ["--url", () => ["--url", url]],
])("over %s", (_mode, target) => {
  const errand = (...args: string[]) => runErrand([...args, ...target()], { cwd: app.dir });
  const pendingGreet = async (name: string) => {
    const run = await errand("trigger", "greet", "-i", JSON.stringify({ name }), "--delay", "600000");
    expect(run.code).toBe(0);
    return run.stdout.trim();
  };

  test("trigger takes ISO strings where the schema wants a date (nested, in arrays, optional)", async () => {
    const run = await errand("trigger", "remind", "-i", REMIND_INPUT, "--follow");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      at: "2026-12-01T09:00:00.000Z",
      also: ["2026-12-02T00:00:00.000Z", "2026-12-03T08:30:00.000Z"],
      from: "2026-11-30T00:00:00.000Z",
    });
  });

  test("a date that is not ISO 8601 fails with what a date looks like, and stores nothing", async () => {
    const before = json<{ items: TaskRecord[] }>(await errand("list", "--name", "remind", "--json"));
    const run = await errand("trigger", "remind", "-i", '{"at":"next tuesday","note":"x"}');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("expected date, received string");
    expect(run.stderr).toContain("dates are ISO 8601 strings, e.g. 2026-12-01T09:00:00Z");
    const after = json<{ items: TaskRecord[] }>(await errand("list", "--name", "remind", "--json"));
    expect(after.items.length).toBe(before.items.length);
  });

  test("schedules lists each schedule with its next tick: a table, or --json", async () => {
    const listed = json<{ name: string; cron: string; nextAt: string }[]>(
      await errand("schedules", "--json"),
    );
    expect(listed).toMatchObject([
      {
        name: "greet",
        cron: "0 3 1 1 *",
        timezone: "Europe/Berlin",
        catchUp: "none",
        input: { name: "New Year" },
      },
    ]);
    // 03:00 on 1 January in Berlin is 02:00 UTC.
    expect(listed[0]!.nextAt).toMatch(/^\d{4}-01-01T02:00:00\.000Z$/);
    const table = await errand("schedules");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/greet.*0 3 1 1 \*.*Europe\/Berlin.*none/);
  });

  test("logs prints the lines a task logged: a table, or --json", async () => {
    const triggered = await errand("trigger", "remind", "-i", REMIND_INPUT, "--follow", "--json");
    expect(triggered.code).toBe(0);
    const id = (JSON.parse(triggered.stdout) as TaskRecord).id;
    const lines = json<TaskLogLine[]>(await errand("logs", id, "--json"));
    expect(lines).toMatchObject([
      { attempt: 1, level: "info", message: "reminding: call Ada", data: { at: "2026-12-01T09:00:00.000Z" } },
    ]);
    const table = await errand("logs", id);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ attempt +│ at +│ level +│ message +│/);
    expect(table.stdout).toMatch(/│ 1 +│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d +│ info +│ reminding: call Ada .*│/);
  });

  test("logs of a task that logged nothing says so; of an unknown id fails with exit 1", async () => {
    const id = await pendingGreet("Quiet");
    const none = await errand("logs", id);
    expect(none).toMatchObject({ code: 0, stdout: `no log lines for task ${id}\n` });
    const unknown = await errand("logs", "no-such-task");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^errand: No task with id "no-such-task"/);
  });

  test("update changes a pending task's input, priority, run time and attempts", async () => {
    const id = await pendingGreet("Bo");
    const updated = json<TaskRecord>(
      await errand(
        "update",
        id,
        "--input",
        '{"name":"Zed"}',
        "--priority",
        "5",
        "--run-at",
        "2030-01-02T03:04:05Z",
        "--max-attempts",
        "2",
        "--json",
      ),
    );
    expect(updated).toMatchObject({
      id,
      status: "pending",
      input: { name: "Zed" },
      priority: 5,
      runAt: "2030-01-02T03:04:05.000Z",
      maxAttempts: 2,
    });
    const table = await errand("update", id, "--priority", "6");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ priority +│ 6 +│/);
  });

  test("update takes ISO dates in a new input", async () => {
    const run = await errand("trigger", "remind", "-i", REMIND_INPUT, "--delay", "600000");
    const id = run.stdout.trim();
    const updated = json<TaskRecord>(
      await errand("update", id, "--input", '{"at":"2027-01-01T00:00:00Z","note":"later"}', "--json"),
    );
    expect(updated.input).toEqual({ at: "2027-01-01T00:00:00.000Z", note: "later" });
  });

  test("update refuses a bad input, no change at all, and a bad --run-at; nothing changes", async () => {
    const id = await pendingGreet("Cy");
    const [badInput, nothing, badDate] = await Promise.all([
      errand("update", id, "--input", '{"name":""}'),
      errand("update", id),
      errand("update", id, "--run-at", "soon"),
    ]);
    expect(badInput.code).toBe(1);
    expect(badInput.stderr).toMatch(/errand: Invalid input for task "greet"/);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain(
      "errand: nothing to update; pass --input, --priority, --run-at, --delay or --max-attempts",
    );
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("--run-at");
    const got = json<TaskRecord>(await errand("get", id, "--json"));
    expect(got).toMatchObject({ input: { name: "Cy" }, priority: 0 });
  });

  test("delete removes a task; a second delete and a get say it is gone", async () => {
    const id = await pendingGreet("Di");
    const deleted = await errand("delete", id);
    expect(deleted).toMatchObject({ code: 0, stdout: `deleted ${id}\n`, stderr: "" });
    const [again, got] = await Promise.all([errand("delete", id, "--json"), errand("get", id)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`errand: No task with id "${id}"`);
    expect(got.code).toBe(1);
    const other = await pendingGreet("Ed");
    expect(json<{ id: string }>(await errand("delete", other, "--json"))).toEqual({ id: other });
  });
});
