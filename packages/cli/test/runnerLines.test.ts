import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { copyFixtureApp, type FixtureApp } from "./support/fixtureApp.js";
import { type Running, runErrand, startErrand } from "./support/runErrand.js";

// Each test runs the real bin several times: minutes, not seconds, on a loaded machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

// `errand runner` prints one line per finished attempt (pino, info); `--quiet` prints none.

let app: FixtureApp;
const runners: Running[] = [];

beforeAll(async () => {
  app = await copyFixtureApp();
});

afterAll(async () => {
  for (const runner of runners) if (runner.process.exitCode === null) runner.process.kill("SIGKILL");
  await app.remove();
});

async function runBoth(db: string, ...flags: string[]) {
  const runner = startErrand(["runner", "--db", db, "--create", ...flags], { cwd: app.dir });
  runners.push(runner);
  await runner.waitFor(/errand runner: running/);
  const errand = (...args: string[]) => runErrand([...args, "--db", db], { cwd: app.dir });
  const greet = await errand("trigger", "greet", "-i", '{"name":"Ada"}', "-f", "--json");
  const explode = await errand("trigger", "explode", "-f", "--json");
  runner.process.kill("SIGTERM");
  const stopped = await runner.finished;
  expect(stopped.code).toBe(0);
  return {
    stderr: stopped.stderr,
    greet: JSON.parse(greet.stdout).id,
    explode: JSON.parse(explode.stdout).id,
  };
}

test("one info line per finished attempt: task name, id, outcome, duration", async () => {
  const { stderr, greet, explode } = await runBoth("lines.db");
  // Not a terminal: pino's JSON lines, one per attempt.
  const lines = stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => "outcome" in entry);
  expect(lines).toHaveLength(2);
  expect(lines).toContainEqual(
    expect.objectContaining({
      level: 30,
      taskName: "greet",
      taskId: greet,
      attempt: 1,
      outcome: "success",
      durationMs: expect.any(Number),
      msg: expect.stringMatching(/^success in \d+ ms$/),
    }),
  );
  expect(lines).toContainEqual(
    expect.objectContaining({
      level: 30,
      taskName: "explode",
      taskId: explode,
      attempt: 1,
      outcome: "failed",
      msg: expect.stringMatching(/^failed in \d+ ms: TASK_FAILED: the fuse was lit$/),
    }),
  );
});

test("--quiet prints no attempt lines", async () => {
  const { stderr } = await runBoth("quiet.db", "--quiet");
  expect(stderr).not.toContain('"outcome"');
});
