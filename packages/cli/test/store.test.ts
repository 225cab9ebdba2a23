import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { createErrand, type TaskRecord, type TaskStats } from "@errand/core";
import { sqliteStore } from "@errand/sqlite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyFixtureApp, FIXTURE_DIR, type FixtureApp } from "./support/fixtureApp.js";
import { type Finished, type Running, runErrand, startErrand } from "./support/runErrand.js";

// The CLI straight on a store (--db): codegen, a runner process, and the one-shot commands,
// each run as the real bin in a child process, on a private copy of the fixture app.

let app: FixtureApp;
let codegen: Finished;
let runner: Running;

const errand = (...args: string[]) => runErrand([...args, "--db", app.dbPath], { cwd: app.dir });
const json = <T>(run: Finished): T => {
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
};

/** Reads the store in this process, not through the CLI under test. */
async function readStore<T>(
  read: (tasks: ReturnType<typeof createErrand>["tasks"]) => Promise<T>,
): Promise<T> {
  const reader = createErrand({ tasks: {}, store: sqliteStore({ path: app.dbPath }) });
  try {
    return await read(reader.tasks);
  } finally {
    await reader.close();
  }
}
const storedStats = () => readStore(async (tasks) => (await tasks.stats()).unwrap().total);

beforeAll(async () => {
  app = await copyFixtureApp();
  // The fixture commits its generated registry; this copy must produce the same file again.
  await rm(path.join(app.dir, "src/errand.gen.ts"));
  codegen = await runErrand(["codegen"], { cwd: app.dir });
  // The first command on the store: --create makes its folder (.errand/), as `errand dev` would.
  runner = startErrand(
    ["runner", "--concurrency", "4", "--grace-ms", "10000", "--db", app.dbPath, "--create"],
    {
      cwd: app.dir,
    },
  );
  await runner.waitFor(/errand runner: running/);
});

afterAll(async () => {
  if (runner.process.exitCode === null) runner.process.kill("SIGKILL");
  await app.remove();
});

describe("errand codegen", () => {
  test("writes the registry of every exported task; --check fails once a task is added", async () => {
    expect(codegen.code).toBe(0);
    expect(codegen.stdout).toContain("5 tasks");
    const registry = await readFile(path.join(app.dir, "src/errand.gen.ts"), "utf8");
    expect(registry).toMatch(
      /countTo: task_countTo,\n {2}explode: task_explode,\n {2}greet: task_greet,\n {2}nap: task_nap,\n {2}remind: task_remind,/,
    );
    expect(registry).toBe(await readFile(path.join(FIXTURE_DIR, "src/errand.gen.ts"), "utf8"));

    const added = path.join(app.dir, "src/tasks/later.ts");
    await writeFile(
      added,
      'import { defineTask } from "@errand/core";\nimport { z } from "zod";\n' +
        'export const later = defineTask({ name: "later", input: z.object({}), run: ({ controller }) => controller.success() });\n',
    );
    try {
      const stale = await runErrand(["codegen", "--check"], { cwd: app.dir });
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain("out of date: src/errand.gen.ts");
    } finally {
      await rm(added);
    }
  });
});

describe.concurrent("errand trigger --follow", () => {
  test("shows the task's progress and prints its typed output; exit 0", async ({ expect }) => {
    const run = await errand("trigger", "countTo", "--input", '{"to":4,"stepMs":150}', "--follow");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ counted: 4 });
    // Not a TTY: one plain line per change, read from the store every 200 ms.
    expect(run.stderr).toMatch(/^triggered countTo \S+$/m);
    expect(run.stderr).toMatch(/^countTo \S+ running \d+% counted \d\/4$/m);
    expect(run.stderr).toMatch(/^countTo \S+ success$/m);
  });

  test("passes errand.config.ts's context to the task", async ({ expect }) => {
    const run = await errand("trigger", "greet", "-i", '{"name":"Ada"}', "-f");
    expect(JSON.parse(run.stdout)).toEqual({ message: "Howdy, Ada!" });
  });

  test("on a task that fails: its error on stderr, exit 1; get shows each attempt", async ({ expect }) => {
    const run = await errand("trigger", "explode", "--follow");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /errand: task explode \S+ failed after 1 attempt\(s\): TASK_FAILED: the fuse was lit/,
    );
    const id = run.stderr.match(/^triggered explode (\S+)$/m)![1]!;
    const got = await errand("get", id);
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/^attempt 1 {2}failed {2}.* \(\d+ ms\) {2}TASK_FAILED: the fuse was lit$/m);
  });

  test("with no runner up: says so after 5 s; Ctrl-C stops following with exit 130", async ({ expect }) => {
    const unrun = startErrand(["trigger", "greet", "-i", '{"name":"Eve"}', "-f", "--db", "unrun.db"], {
      cwd: app.dir,
    });
    await unrun.waitFor(/still pending 5 s after it was due: is a runner up\?/);
    unrun.process.kill("SIGINT");
    const stopped = await unrun.finished;
    expect(stopped.code).toBe(130);
    const id = stopped.stderr.match(/^triggered greet (\S+)$/m)![1];
    expect(stopped.stderr).toContain(`stopped following; task ${id} keeps going (see \`errand get ${id}\`)`);
    expect(stopped.stdout).toBe("");
  });
});

describe("errand trigger", () => {
  test("bad JSON and bad input fail with where and what is wrong, and store nothing", async () => {
    const before = await storedStats();
    const [badJson, badInput, unknownTask] = await Promise.all([
      errand("trigger", "countTo", "--input", '{"to": 3,}'),
      errand("trigger", "countTo", "--input", '{"to":"three","stepMs":-1}'),
      errand("trigger", "countToo", "--input", "{}"),
    ]);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain(
      'errand: --input is not valid JSON: expected a property name in double quotes, found "}" at line 1, column 10',
    );
    expect(badJson.stderr).toContain('  {"to": 3,}\n           ^');
    expect(badInput.code).toBe(1);
    expect(badInput.stderr).toContain('errand: Invalid input for task "countTo"');
    expect(badInput.stderr).toMatch(/expected number, received string\n\s+→ at to/);
    expect(badInput.stderr).toMatch(/Too small: expected number to be >=0\n\s+→ at stepMs/);
    expect(unknownTask.code).toBe(1);
    expect(unknownTask.stderr).toContain("Known tasks: countTo, explode, greet, nap, remind");
    for (const run of [badJson, badInput, unknownTask]) {
      expect(run.stdout).toBe("");
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
    }
    expect(await storedStats()).toEqual(before);
  });
});

describe("reading and managing tasks", () => {
  test("abort and retry a pending task; list, get and stats it as JSON", async () => {
    const id = (await errand("trigger", "greet", "-i", '{"name":"Bo"}', "--delay", "600000")).stdout.trim();
    const aborted = json<TaskRecord>(await errand("abort", id, "--reason", "changed my mind", "--json"));
    expect(aborted).toMatchObject({
      id,
      status: "aborted",
      error: { code: "ABORTED", message: "changed my mind" },
    });

    const [listed, got, stats] = await Promise.all([
      errand("list", "--name", "greet", "--status", "aborted", "--json"),
      errand("get", id, "--json"),
      errand("stats", "--json"),
    ]);
    const page = json<{ items: TaskRecord[]; nextCursor: string | null }>(listed);
    expect(page.items.map((item) => [item.id, item.input])).toEqual([[id, { name: "Bo" }]]);
    expect(json<TaskRecord>(got)).toMatchObject({
      id,
      name: "greet",
      input: { name: "Bo" },
      status: "aborted",
    });
    const counts = json<TaskStats>(stats);
    expect(counts.byName.greet?.aborted).toBe(1);
    expect(counts.total).toEqual(await storedStats());

    // A retry makes it due at once, so the runner takes it from here.
    const retried = json<TaskRecord>(await errand("retry", id, "--json"));
    expect(retried).toMatchObject({ id, status: "pending", attempt: 0, error: null });
  });

  test("pause and resume a task name; stats marks it paused; an unknown name is refused", async () => {
    const paused = await errand("pause", "greet");
    expect(paused.stderr).toBe("");
    expect(paused.stdout.trim()).toBe("greet: paused");
    expect(json<TaskStats>(await errand("stats", "--json")).paused).toEqual(["greet"]);
    expect((await errand("stats")).stdout).toContain("greet (paused)");
    expect(json<{ paused: boolean }>(await errand("resume", "greet", "--json"))).toEqual({
      name: "greet",
      paused: false,
    });
    expect(json<TaskStats>(await errand("stats", "--json")).paused).toEqual([]);
    const unknown = await errand("pause", "nope");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No task named "nope" is registered');
  });

  test("list prints a table with one row per task", async () => {
    const run = await errand("list", "--name", "countTo", "--limit", "1");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^┌─+┬/);
    expect(lines[1]).toMatch(/^│ id +│ name +│ status +│ attempt +│ progress +│ created +│ message +│$/);
    expect(lines[3]).toMatch(
      /^│ [0-9a-f-]{36} │ countTo │ success │ 1\/3 +│ 100% +│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │ counted 4\/4 │$/,
    );
    expect(lines[4]).toMatch(/^└─+┴/);
    expect(lines).toHaveLength(5);
  });
});

describe("errand runner", () => {
  test("SIGTERM: claims nothing more, lets the running task finish, closes the store, exits 0", async () => {
    const id = (await errand("trigger", "nap", "-i", '{"ms":2500}')).stdout.trim();
    await expect
      .poll(() => readStore(async (tasks) => (await tasks.get(id)).unwrap().status), { timeout: 10_000 })
      .toBe("running");
    runner.process.kill("SIGTERM");
    const stopped = await runner.finished;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain(
      "errand runner: SIGTERM; claiming no more tasks, 1 running get 10000 ms",
    );
    expect(stopped.stdout).toMatch(/errand runner: stopped\n$/);
    const nap = await readStore(async (tasks) => (await tasks.get(id)).unwrap());
    expect(nap).toMatchObject({ status: "success", output: { sleptMs: 2500 } });
    expect((await storedStats()).running).toBe(0);
  });
});
