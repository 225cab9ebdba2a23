import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check, generate } from "../src/index.js";
import { taskSource, tempDir, writeFile } from "./helpers.js";

async function generatedApp() {
  const cwd = tempDir();
  writeFile(path.join(cwd, "src/a.ts"), taskSource("alpha"));
  writeFile(path.join(cwd, "src/b.ts"), taskSource("beta"));
  (await generate({ cwd })).unwrap();
  return { cwd, file: (name: string) => path.join(cwd, name) };
}

describe("check", () => {
  it("is fresh right after generating", async () => {
    const { cwd } = await generatedApp();
    expect((await check({ cwd })).unwrap()).toMatchObject({ fresh: true, changes: [] });
  });

  it("names the tasks added, removed and moved", async () => {
    const { cwd, file } = await generatedApp();
    writeFile(file("src/b.ts"), taskSource("gamma"));
    writeFile(file("src/moved/a.ts"), taskSource("alpha"));
    writeFile(file("src/a.ts"), "export {};\n");
    const result = (await check({ cwd })).unwrap();
    expect(result.fresh).toBe(false);
    expect(result.files.map((outcome) => outcome.status)).toEqual(["stale", "stale"]);
    expect(result.changes).toEqual([
      '~ task "alpha" moved: a.ts:4 export alpha -> moved/a.ts:4 export alpha',
      '+ task "gamma" added (b.ts:4 export gamma)',
      '- task "beta" removed (was b.ts:4 export beta)',
    ]);
  });

  it("falls back to a line diff when no task changed", async () => {
    const { cwd, file } = await generatedApp();
    const registry = file("src/errand.gen.ts");
    writeFileSync(
      registry,
      readFileSync(registry, "utf8").replace("export type Tasks = {", "export type MyTasks = {"),
    );
    const result = (await check({ cwd })).unwrap();
    expect(result.files.map((outcome) => outcome.status)).toEqual(["stale", "unchanged"]);
    expect(result.changes).toEqual(["- export type MyTasks = {", "+ export type Tasks = {"]);
  });

  it("says when the registry does not exist yet", async () => {
    const cwd = tempDir();
    writeFile(path.join(cwd, "src/a.ts"), taskSource("alpha"));
    expect((await check({ cwd })).unwrap().changes).toEqual(["the registry file does not exist yet"]);
  });

  it("reports the same errors as generate", async () => {
    const cwd = tempDir();
    writeFile(path.join(cwd, "src/a.ts"), taskSource("alpha"));
    writeFile(path.join(cwd, "src/b.ts"), taskSource("alpha", "other"));
    const result = await check({ cwd });
    expect(result.isFail() && result.error.problems.map((problem) => problem.code)).toEqual([
      "duplicate-name",
    ]);
  });
});
