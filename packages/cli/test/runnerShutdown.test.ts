import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createErrand, type TaskRecord } from "@errand/core";
import { sqliteStore } from "@errand/sqlite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyFixtureApp, type FixtureApp } from "./support/fixtureApp.js";
import { type Running, runErrand, startErrand } from "./support/runErrand.js";

/*
 * Regression: after its grace period `errand runner` handed a task back but the process kept
 * running the task's code (it ignored its abort signal), so the task's side effect happened in
 * the stopped process as well as in the runner that took the task over.
 */

let app: FixtureApp;
const started: Running[] = [];

const STUBBORN = `import { appendFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { defineTask } from "@errand/core";
import { z } from "zod";

/** Ignores its abort signal: waits for a "go" file, then records its side effect. */
export const stubborn = defineTask({
  name: "stubborn",
  input: z.object({ dir: z.string() }),
  async run({ input, controller }) {
    appendFileSync(join(input.dir, "started"), \`\${process.pid}\\n\`);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (!existsSync(join(input.dir, "go"))) return;
        clearInterval(timer);
        resolve();
      }, 10);
    });
    appendFileSync(join(input.dir, "done"), \`\${process.pid}\\n\`);
    return controller.success();
  },
});
`;

beforeAll(async () => {
  app = await copyFixtureApp();
  await writeFile(path.join(app.dir, "src/tasks/stubborn.ts"), STUBBORN);
  const codegen = await runErrand(["codegen"], { cwd: app.dir });
  expect(codegen.code, codegen.stderr).toBe(0);
});

afterAll(async () => {
  for (const running of started) if (running.process.exitCode === null) running.process.kill("SIGKILL");
  await app.remove();
});

function runner(): Running {
  const running = startErrand(["runner", "--grace-ms", "100", "--db", app.dbPath, "--create"], {
    cwd: app.dir,
  });
  started.push(running);
  return running;
}

const lines = (file: string) =>
  existsSync(path.join(app.dir, file))
    ? readFileSync(path.join(app.dir, file), "utf8").split("\n").filter(Boolean)
    : [];

async function until<T>(check: () => T | Promise<T>): Promise<NonNullable<T>> {
  for (;;) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("errand runner on SIGTERM", () => {
  test("exits after its grace period even when a task ignores its signal; the task runs once elsewhere", async () => {
    const first = runner();
    await first.waitFor(/errand runner: running/);
    const trigger = await runErrand(
      ["trigger", "stubborn", "--input", JSON.stringify({ dir: app.dir }), "--db", app.dbPath],
      { cwd: app.dir },
    );
    expect(trigger.code, trigger.stderr).toBe(0);
    await until(() => lines("started").includes(String(first.process.pid)));

    first.process.kill("SIGTERM");
    const exited = await first.finished;
    expect(exited.code, exited.stderr).toBe(0);
    expect(exited.stdout).toContain("errand runner: stopped");

    const reader = createErrand({ tasks: {}, store: sqliteStore({ path: app.dbPath }) });
    reader.logger.level = "silent";
    try {
      const [task] = ((await reader.tasks.list()).unwrap().items as TaskRecord[]).filter(
        (item) => item.name === "stubborn",
      );
      expect(task?.status).toBe("pending");

      await writeFile(path.join(app.dir, "go"), "");
      const second = runner();
      await until(
        async () => ((await reader.tasks.get(task!.id)).unwrap() as TaskRecord).status === "success",
      );
      // The side effect happened once, in the runner that took the task over.
      expect(lines("done")).toEqual([String(second.process.pid)]);
      second.process.kill("SIGTERM");
      expect((await second.finished).code).toBe(0);
    } finally {
      await reader.close();
    }
  }, 120_000);
});
