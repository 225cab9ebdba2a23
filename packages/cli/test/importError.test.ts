import { appendFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { copyFixtureApp, type FixtureApp } from "./support/fixtureApp.js";
import { runErrand } from "./support/runErrand.js";

// Each test runs the real bin several times: minutes, not seconds, on a loaded machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

// A task module that throws while it is imported is named, with its own error; the generated
// registry that imports it is not blamed.

let app: FixtureApp;

beforeAll(async () => {
  app = await copyFixtureApp();
  // What a task reading its config at import time does when the variable is not set.
  await appendFile(
    path.join(app.dir, "src/tasks/nap.ts"),
    "\nJSON.parse(process.env.NAP_CONFIG as string);\n",
  );
});

afterAll(() => app.remove());

test("trigger and runner name the task file that threw on import, and its error", async () => {
  const [trigger, runner] = await Promise.all([
    runErrand(["trigger", "greet", "-i", '{"name":"A"}', "--db", "x.db"], { cwd: app.dir }),
    runErrand(["runner", "--db", "x.db"], { cwd: app.dir }),
  ]);
  for (const run of [trigger, runner]) {
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^errand: the task file src\/tasks\/nap\.ts threw while it was imported: SyntaxError: "undefined" is not valid JSON\n {2}at .*src\/tasks\/nap\.ts:\d+:\d+\n/,
    );
    expect(run.stderr).not.toContain("errand.gen.ts");
  }
});
