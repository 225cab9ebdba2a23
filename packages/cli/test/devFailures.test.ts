import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { copyFixtureApp, type FixtureApp } from "./support/fixtureApp.js";
import { runErrand } from "./support/runErrand.js";

// Each test runs the real bin several times: minutes, not seconds, on a loaded machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

// `errand dev` exits with the reason when its server cannot start for a reason that saving a
// file cannot fix (the port is taken, the database is unreachable), instead of waiting for a save.

let app: FixtureApp;
let holder: Server;
let takenPort: number;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
}

beforeAll(async () => {
  app = await copyFixtureApp();
  holder = createServer();
  takenPort = await listen(holder);
});

afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  await app.remove();
});

test("a port another process listens on: exit 1 with the reason", async () => {
  const run = await runErrand(["dev", "--port", String(takenPort)], { cwd: app.dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    `errand: port ${takenPort} on 127.0.0.1 is in use; stop what holds it, or pass --port`,
  );
  expect(run.stdout).toContain(
    "errand dev: the server cannot start; stopping (fix the cause above, then run `errand dev` again)",
  );
  expect(run.stdout).not.toContain("save to restart");
});

test("a database that cannot be reached: exit 1 with the reason", async () => {
  // A loopback port nothing listens on: bound, then closed.
  const probe = createServer();
  const closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const run = await runErrand(
    ["dev", "--port", "0", "--db", `postgres://postgres@127.0.0.1:${closedPort}/test`],
    {
      cwd: app.dir,
    },
  );
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`errand: cannot open Postgres 127.0.0.1:${closedPort}/test`);
  expect(run.stderr).toContain("ECONNREFUSED");
  expect(run.stdout).toContain("errand dev: the server cannot start; stopping");
  expect(run.stdout).not.toContain("save to restart");
});
