import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createTasksClient } from "@errand/client";
import type { TasksServerRouter } from "@errand/server";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Tasks } from "./fixtures/app/src/errand.gen.js";
import { copyFixtureApp, type FixtureApp } from "./support/fixtureApp.js";
import { type Running, startErrand } from "./support/runErrand.js";

let app: FixtureApp;
let dev: Running;

beforeAll(async () => {
  app = await copyFixtureApp();
  dev = startErrand(["dev", "--port", "0"], { cwd: app.dir });
});

afterAll(async () => {
  if (dev.process.exitCode === null) dev.process.kill("SIGKILL");
  await app.remove();
});

test("errand dev serves the tasks, prints their state changes, reloads edited task code, and stops on Ctrl-C", async () => {
  const url = (await dev.waitFor(/listening on (http:\/\/\S+) /, 30_000))[1]!;
  // The dashboard is on by default, at the server's root.
  const dashboard = (await dev.waitFor(/dashboard at (http:\/\/\S+)\n/))[1]!;
  expect(dashboard).toBe(`${url}/`);
  expect(await (await fetch(dashboard)).text()).toContain('id="errand-dashboard-config"');
  const client = createTasksClient<TasksServerRouter<Tasks>>({ url });
  const greet = async () => {
    const result = await (await client.trigger("greet", { name: "Ada" })).result({ timeoutMs: 10_000 });
    if (!result.ok) throw new Error(`greet failed: ${result.error.message}`);
    return { id: result.record.id, message: result.output.message };
  };

  const first = await greet();
  expect(first.message).toBe("Howdy, Ada!");
  await dev.waitFor(new RegExp(`^\\d\\d:\\d\\d:\\d\\d greet ${first.id} success$`, "m"));

  const file = path.join(app.dir, "src/tasks/greet.ts");
  await writeFile(file, (await readFile(file, "utf8")).replace("name}!`", "name}, welcome back!`"));
  await dev.waitFor(/src\/ changed; restarting[\s\S]*listening on/, 30_000);
  expect((await greet()).message).toBe("Howdy, Ada, welcome back!");

  dev.process.kill("SIGINT");
  const stopped = await dev.finished;
  expect(stopped.code).toBe(0);
  expect(stopped.stdout).toMatch(/errand serve: stopped\n(.*\n)*errand dev: stopped\n$/);
  // Nothing is left listening: the server process is gone too.
  await expect(fetch(url)).rejects.toThrow();
});
