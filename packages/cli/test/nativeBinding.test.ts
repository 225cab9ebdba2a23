import { cp, mkdir, realpath, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { copyFixtureApp, type FixtureApp } from "./support/fixtureApp.js";
import { runErrand } from "./support/runErrand.js";

// Each test runs the real bin several times: minutes, not seconds, on a loaded machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

// pnpm 10 blocks install scripts unless allowed, so better-sqlite3 can be installed without its
// native build. The CLI then says exactly that and how to allow it. The fixture app holds a
// copy of better-sqlite3 without build/, and a resolve hook makes the CLI load that copy.

const HOOK = fileURLToPath(new URL("./support/unbuiltSqlite.mjs", import.meta.url));
const SQLITE_PACKAGE = fileURLToPath(new URL("../../sqlite", import.meta.url));

let app: FixtureApp;
let env: Record<string, string>;

beforeAll(async () => {
  app = await copyFixtureApp();
  const built = await realpath(path.join(SQLITE_PACKAGE, "node_modules/better-sqlite3"));
  const unbuilt = path.join(app.dir, "node_modules/better-sqlite3");
  await mkdir(unbuilt);
  for (const part of ["package.json", "lib"])
    await cp(path.join(built, part), path.join(unbuilt, part), { recursive: true });
  await symlink(await realpath(path.join(built, "../bindings")), path.join(app.dir, "node_modules/bindings"));
  env = { ERRAND_TEST_UNBUILT_SQLITE: unbuilt };
  await writeFile(path.join(app.dir, "existing.db"), ""); // an empty file is an empty SQLite database
});

afterAll(() => app.remove());

test("every command on SQLite says the native build is missing and how to allow it", async () => {
  const options = { cwd: app.dir, env, execArgv: ["--import", HOOK] };
  const [trigger, runner, list] = await Promise.all([
    runErrand(["trigger", "greet", "-i", '{"name":"A"}', "--db", "x.db"], options),
    runErrand(["runner", "--db", "x.db"], options),
    runErrand(["list", "--db", "existing.db"], options),
  ]);
  for (const run of [trigger, runner, list]) {
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "errand: better-sqlite3 is installed without its native build (Could not locate the bindings file), so SQLite stores cannot open.\n" +
        "  pnpm 10 skips dependencies' install scripts unless they are allowed: run `pnpm approve-builds`,\n" +
        '  or list it in `onlyBuiltDependencies` (pnpm-workspace.yaml, or "pnpm" in package.json),\n' +
        "  then `pnpm rebuild better-sqlite3`. With npm or yarn: `npm rebuild better-sqlite3`.\n",
    );
  }
});
