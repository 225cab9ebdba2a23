import { rmSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createGenerator, type GenerateResult, problemsOf, resolveConfig } from "../src/index.js";
import { taskSource, tempDir, writeFile } from "./helpers.js";

function appWith(files: Record<string, string>) {
  const cwd = tempDir();
  for (const [file, content] of Object.entries(files)) writeFile(path.join(cwd, file), content);
  const config = resolveConfig({ cwd }).unwrap();
  return { cwd, config, file: (name: string) => path.join(cwd, name) };
}

const names = (result: GenerateResult) => result.unwrap().tasks.map((task) => task.name);
const statuses = (result: GenerateResult) => result.unwrap().files.map((file) => file.status);

describe("the generator core, driven by events without a watcher", () => {
  it("applies create, update and delete events to the registry", async () => {
    const app = appWith({ "src/a.ts": taskSource("a") });
    const generator = createGenerator(app.config);
    expect(names(await generator.run())).toEqual(["a"]);

    writeFile(app.file("src/b.ts"), taskSource("b"));
    expect(names(await generator.run({ type: "create", path: app.file("src/b.ts") }))).toEqual(["a", "b"]);

    writeFile(app.file("src/b.ts"), taskSource("c"));
    expect(names(await generator.run({ type: "update", path: app.file("src/b.ts") }))).toEqual(["a", "c"]);

    rmSync(app.file("src/b.ts"));
    expect(names(await generator.run({ type: "delete", path: app.file("src/b.ts") }))).toEqual(["a"]);
  });

  it("sees only what its events tell it until a rerun rescans the root", async () => {
    const app = appWith({ "src/a.ts": taskSource("a") });
    const generator = createGenerator(app.config);
    await generator.run();
    writeFile(app.file("src/quiet.ts"), taskSource("quiet"));
    expect(names(await generator.run({ type: "update", path: app.file("src/a.ts") }))).toEqual(["a"]);
    expect(names(await generator.run({ type: "rerun" }))).toEqual(["a", "quiet"]);
  });

  it("resolves imports again when a file appears", async () => {
    const app = appWith({
      "package.json": JSON.stringify({ errand: { include: ["tasks/**"] } }),
      "src/tasks/index.ts": 'export * from "../legacy/old.js";\n',
    });
    const generator = createGenerator(app.config);
    expect(problemsOf(await generator.run())).toEqual([]);
    writeFile(app.file("src/legacy/old.ts"), taskSource("old"));
    const result = await generator.run({ type: "create", path: app.file("src/legacy/old.ts") });
    expect(problemsOf(result).map((problem) => problem.code)).toEqual(["outside-include"]);
  });

  it("runs one at a time and coalesces events queued during a run", async () => {
    const app = appWith({ "src/a.ts": taskSource("a") });
    const generator = createGenerator(app.config);
    writeFile(app.file("src/b.ts"), taskSource("b"));
    writeFile(app.file("src/c.ts"), taskSource("c"));
    const first = generator.run();
    const second = generator.run({ type: "create", path: app.file("src/b.ts") });
    const third = generator.run({ type: "create", path: app.file("src/c.ts") });
    expect(second).toBe(third);
    const [one, two] = await Promise.all([first, second]);
    expect(one).not.toBe(two);
    expect(names(two)).toEqual(["a", "b", "c"]);
    expect(statuses(two)).toEqual(["unchanged", "unchanged"]);
  });

  it("ignores events for its own output files", async () => {
    const app = appWith({ "src/a.ts": taskSource("a") });
    const generator = createGenerator(app.config);
    await generator.run();
    const mtime = statSync(app.config.output).mtimeMs;
    const again = await generator.run({ type: "update", path: app.config.output });
    expect(names(again)).toEqual(["a"]);
    expect(statuses(again)).toEqual(["unchanged", "unchanged"]);
    expect(statSync(app.config.output).mtimeMs).toBe(mtime);
  });

  it("writes nothing while there are errors and catches up once they are fixed", async () => {
    const app = appWith({ "src/a.ts": taskSource("a") });
    const generator = createGenerator(app.config);
    await generator.run();
    const mtime = statSync(app.config.output).mtimeMs;

    writeFile(app.file("src/b.ts"), taskSource("a", "twin"));
    const failed = await generator.run({ type: "create", path: app.file("src/b.ts") });
    expect(problemsOf(failed).map((problem) => problem.code)).toEqual(["duplicate-name"]);
    expect(statSync(app.config.output).mtimeMs).toBe(mtime);

    writeFile(app.file("src/b.ts"), taskSource("b", "twin"));
    const fixed = await generator.run({ type: "update", path: app.file("src/b.ts") });
    expect(names(fixed)).toEqual(["a", "b"]);
    expect(statuses(fixed)).toEqual(["written", "written"]);
  });

  it("compares instead of writing when write is false", async () => {
    const app = appWith({ "src/a.ts": taskSource("a") });
    const result = await createGenerator(app.config, { write: false }).run();
    expect(statuses(result)).toEqual(["stale", "stale"]);
    expect(() => statSync(app.config.output)).toThrow();
  });
});
