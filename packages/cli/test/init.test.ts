import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, test } from "vitest";
import { runErrand } from "./support/runErrand.js";

// `errand init` in a fresh temp folder each time: what it writes, what it never overwrites.
// Each test starts the real bin once or twice; on a loaded machine one start can take 10 s or more.
const SPAWNS_TIMEOUT_MS = 120_000;

const CLI_DIR = fileURLToPath(new URL("..", import.meta.url));
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "errand-init-"));
}, SPAWNS_TIMEOUT_MS);
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
}, SPAWNS_TIMEOUT_MS);

const read = (file: string) => readFile(path.join(dir, file), "utf8");

/** The app's node_modules as an install would leave them: the config imports @errand/cli. */
async function linkModules(): Promise<void> {
  const modules = path.join(dir, "node_modules");
  await mkdir(path.join(modules, "@errand"), { recursive: true });
  await symlink(path.join(CLI_DIR, "../core"), path.join(modules, "@errand/core"));
  await symlink(CLI_DIR, path.join(modules, "@errand/cli"));
  await symlink(await realpath(path.join(CLI_DIR, "node_modules/zod")), path.join(modules, "zod"));
}

test(
  "in an empty folder: config, a task, its registry, tsconfig, package.json scripts, .gitignore",
  async () => {
    const init = await runErrand(["init"], { cwd: dir });
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    for (const file of [
      "errand.config.ts",
      "src/tasks/hello.ts",
      "tsconfig.json",
      "package.json",
      ".gitignore",
    ]) {
      expect(init.stdout).toContain(`errand init: created ${file}`);
    }
    expect(await read("src/errand.gen.ts")).toContain(
      'import { hello as task_hello } from "./tasks/hello.js";',
    );
    const pkg = JSON.parse(await read("package.json"));
    expect(pkg).toMatchObject({ name: path.basename(dir).toLowerCase(), private: true, type: "module" });
    expect(pkg.scripts).toMatchObject({
      dev: "errand dev",
      prebuild: "errand codegen",
      check: "errand codegen --check && tsc --noEmit",
    });
    expect((await read(".gitignore")).split("\n")).toContain(".errand/");

    // The registry it wrote is what codegen writes, read through the config it wrote.
    await linkModules();
    const checked = await runErrand(["codegen", "--check"], { cwd: dir });
    expect(checked.stderr).toBe("");
    expect(checked.code).toBe(0);
  },
  SPAWNS_TIMEOUT_MS,
);

test(
  "run twice: every file is skipped and stays byte for byte the same",
  async () => {
    expect((await runErrand(["init"], { cwd: dir })).code).toBe(0);
    const files = ["errand.config.ts", "src/tasks/hello.ts", "tsconfig.json", "package.json", ".gitignore"];
    const before = await Promise.all(files.map(read));
    await linkModules();
    const again = await runErrand(["init"], { cwd: dir });
    expect(again.code).toBe(0);
    for (const file of files)
      expect(again.stdout).toMatch(new RegExp(`errand init: skipped ${file.replace(".", "\\.")}`));
    expect(await Promise.all(files.map(read))).toEqual(before);
  },
  SPAWNS_TIMEOUT_MS,
);

test(
  "an existing app keeps its files and scripts; init adds only what is missing",
  async () => {
    await mkdir(path.join(dir, "src/tasks"), { recursive: true });
    const ownTask = "// my own hello\n";
    await writeFile(path.join(dir, "src/tasks/hello.ts"), ownTask);
    await writeFile(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "shop", type: "commonjs", scripts: { dev: "vite", build: "tsc -p ." } }),
    );
    await writeFile(path.join(dir, ".gitignore"), "node_modules");

    const init = await runErrand(["init"], { cwd: dir });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("errand init: skipped src/tasks/hello.ts (exists; left as is)");
    expect(init.stdout).toContain("kept your scripts dev, build");
    expect(init.stdout).toContain(`"type" is "commonjs"; the scaffold is ESM, so set "type": "module"`);
    expect(await read("src/tasks/hello.ts")).toBe(ownTask);
    const pkg = JSON.parse(await read("package.json"));
    expect(pkg.type).toBe("commonjs");
    expect(pkg.scripts).toMatchObject({ dev: "vite", build: "tsc -p .", prebuild: "errand codegen" });
    expect(await read(".gitignore")).toBe("node_modules\n.errand/\ndist/\n");
  },
  SPAWNS_TIMEOUT_MS,
);

test(
  "a broken package.json: says so, exit 1, and writes nothing",
  async () => {
    await writeFile(path.join(dir, "package.json"), '{ "name": "shop", }');
    const init = await runErrand(["init"], { cwd: dir });
    expect(init.code).toBe(1);
    expect(init.stderr).toMatch(/^errand: package\.json is not valid JSON \(.+\); fix it and rerun\n$/);
    expect(await read("package.json")).toBe('{ "name": "shop", }');
    await expect(read("errand.config.ts")).rejects.toThrow(/ENOENT/);
  },
  SPAWNS_TIMEOUT_MS,
);

test(
  "an app with errand.config.js: no second config; codegen follows the one it has",
  async () => {
    await linkModules();
    await writeFile(
      path.join(dir, "errand.config.js"),
      'export default { root: "app", generated: "app/registry.gen.ts" };\n',
    );
    await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "shop", type: "module" }));
    await mkdir(path.join(dir, "app"));
    const init = await runErrand(["init"], { cwd: dir });
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("errand init: skipped errand.config.ts (the app has errand.config.js)");
    await expect(read("errand.config.ts")).rejects.toThrow(/ENOENT/);
    // The scaffolded task sits under src/, outside this app's root: its registry is empty.
    expect(await read("app/registry.gen.ts")).toContain("export const tasks: Tasks = {");
  },
  SPAWNS_TIMEOUT_MS,
);
