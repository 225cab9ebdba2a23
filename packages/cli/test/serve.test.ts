import path from "node:path";
import { createTasksClient } from "@errand/client";
import type { TasksServerRouter } from "@errand/server";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Tasks } from "./fixtures/app/src/errand.gen.js";
import { copyFixtureApp, type FixtureApp } from "./support/fixtureApp.js";
import { type Running, runErrand, startErrand, startServer } from "./support/runErrand.js";

// `errand serve` as a real process, used by the typed client and by the CLI's own --url mode.

let app: FixtureApp;
let server: Running;
let url: string;

beforeAll(async () => {
  app = await copyFixtureApp();
  const dbPath = path.join(app.dir, "served.db");
  ({ server, url } = await startServer(app.dir, dbPath));
});

afterAll(async () => {
  if (server.process.exitCode === null) server.process.kill("SIGKILL");
  await app.remove();
});

test("answers the typed client", async () => {
  const client = createTasksClient<TasksServerRouter<Tasks>>({ url });
  const names = (await client.tasks.definitions.query()).map((definition) => definition.name);
  expect(names.sort()).toEqual(["countTo", "explode", "greet", "nap", "remind"]);
  const handle = await client.trigger("greet", { name: "Lin" });
  const result = await handle.result({ timeoutMs: 10_000 });
  expect(result.ok && result.output).toEqual({ message: "Howdy, Lin!" });
});

test("the CLI follows a task over the server's watch stream and lists it", async () => {
  const followed = await runErrand(
    ["trigger", "countTo", "-i", '{"to":3,"stepMs":250}', "-f", "--url", url],
    {
      cwd: app.dir,
    },
  );
  expect(followed.code).toBe(0);
  expect(JSON.parse(followed.stdout)).toEqual({ counted: 3 });
  expect(followed.stderr).toMatch(/^countTo \S+ running \d+% counted \d\/3$/m);
  const id = followed.stderr.match(/^triggered countTo (\S+)$/m)![1];

  const listed = await runErrand(["list", "--name", "countTo", "--json", "--url", url], { cwd: app.dir });
  expect(JSON.parse(listed.stdout).items).toMatchObject([
    { id, status: "success", input: { to: 3, stepMs: 250 } },
  ]);
});

test("SIGTERM stops it with exit 0; then the CLI says the server is unreachable and what to do", async () => {
  server.process.kill("SIGTERM");
  const stopped = await server.finished;
  expect(stopped.code).toBe(0);
  expect(stopped.stdout).toMatch(/errand serve: SIGTERM; stopping\nerrand serve: stopped\n$/);

  const unreachable = await runErrand(["stats", "--url", url], { cwd: app.dir });
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).toBe(
    `errand: cannot reach the errand server at ${url} (ECONNREFUSED); start it with \`errand serve\` or \`errand dev\`, pass --url, or pass --db to use the store directly\n`,
  );
});

test("--no-dashboard serves the procedures alone", async () => {
  const apiOnly = startErrand(
    ["serve", "--port", "0", "--no-dashboard", "--db", path.join(app.dir, "api.db")],
    {
      cwd: app.dir,
    },
  );
  try {
    const apiUrl = (await apiOnly.waitFor(/listening on (http:\/\/\S+) /))[1]!;
    expect((await fetch(`${apiUrl}/`)).status).toBe(404);
    expect((await fetch(`${apiUrl}/tasks.stats`)).status).toBe(200);
    expect(apiOnly.output().stdout).not.toContain("dashboard at");
  } finally {
    apiOnly.process.kill("SIGTERM");
    await apiOnly.finished;
  }
});
