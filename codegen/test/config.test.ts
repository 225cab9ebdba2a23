import path from "node:path";
import { describe, expect, it } from "vitest";
import { findImportExtension, formatProblem, resolveConfig } from "../src/index.js";
import { tempDir, writeFile } from "./helpers.js";

function appWith(files: Record<string, string>): string {
  const cwd = tempDir();
  for (const [file, content] of Object.entries(files)) writeFile(path.join(cwd, file), content);
  return cwd;
}

describe("resolveConfig", () => {
  it("needs no configuration: src, every TypeScript file, src/errand.gen.ts", () => {
    const cwd = appWith({ "src/a.ts": "" });
    expect(resolveConfig({ cwd }).unwrap()).toMatchObject({
      root: path.join(cwd, "src"),
      output: path.join(cwd, "src/errand.gen.ts"),
      manifest: path.join(cwd, "src/errand.manifest.json"),
      include: ["**/*.{ts,tsx,mts,cts}"],
      importExtension: ".js",
    });
  });

  it("reads the errand field of package.json, and explicit options override it", () => {
    const cwd = appWith({
      "package.json": JSON.stringify({
        errand: { root: "app", include: ["jobs/**"], output: "gen/tasks.gen.ts" },
      }),
      "app/jobs/a.ts": "",
      "lib/a.ts": "",
    });
    expect(resolveConfig({ cwd }).unwrap()).toMatchObject({
      root: path.join(cwd, "app"),
      include: ["jobs/**"],
      output: path.join(cwd, "gen/tasks.gen.ts"),
      manifest: path.join(cwd, "gen/errand.manifest.json"),
    });
    expect(resolveConfig({ cwd, root: "lib", include: ["**/*.ts"] }).unwrap()).toMatchObject({
      root: path.join(cwd, "lib"),
      include: ["**/*.ts"],
      output: path.join(cwd, "gen/tasks.gen.ts"),
    });
  });

  it("points at the errand field when it is malformed", () => {
    const cwd = appWith({ "package.json": '{\n  "name": "app",\n  "errand": { "include": "src/**" }\n}\n' });
    const result = resolveConfig({ cwd });
    expect(result.isFail() && result.error.problems.map((problem) => formatProblem(problem, cwd))).toEqual([
      'package.json:3:3 error invalid-config: package.json "errand" "include" must be an array of globs\n' +
        '  fix: see "errand" in the @errand/codegen README',
    ]);
  });

  it("reports a missing source root", () => {
    const cwd = appWith({});
    const result = resolveConfig({ cwd, root: "nope" });
    expect(result.isFail() && result.error.problems.map((problem) => problem.message)).toEqual([
      'source root "nope" is not a folder',
    ]);
  });
});

describe("findImportExtension", () => {
  const cases: [string, object | undefined, ".js" | ""][] = [
    ["no tsconfig", undefined, ".js"],
    ["NodeNext", { compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" } }, ".js"],
    ["Node16 module only", { compilerOptions: { module: "Node16" } }, ".js"],
    ["Bundler", { compilerOptions: { module: "ESNext", moduleResolution: "Bundler" } }, ""],
    ["CommonJS", { compilerOptions: { module: "CommonJS" } }, ""],
  ];
  it.each(cases)("%s", (_, tsconfig, expected) => {
    const cwd = appWith(
      tsconfig === undefined ? { "src/a.ts": "" } : { "tsconfig.json": JSON.stringify(tsconfig) },
    );
    expect(findImportExtension(path.join(cwd, "src"))).toBe(expected);
  });

  it("follows extends, and reads a tsconfig above the root with comments", () => {
    const cwd = appWith({
      "base.json":
        '{ /* shared */ "compilerOptions": { "moduleResolution": "Bundler", "module": "ESNext" } }',
      "tsconfig.json": '{ "extends": "./base.json" }',
      "src/deep/a.ts": "",
    });
    expect(findImportExtension(path.join(cwd, "src/deep"))).toBe("");
  });

  it("can be overridden", () => {
    const cwd = appWith({
      "tsconfig.json": '{ "compilerOptions": { "moduleResolution": "Bundler" } }',
      "src/a.ts": "",
    });
    expect(resolveConfig({ cwd, importExtension: "js" }).unwrap().importExtension).toBe(".js");
    expect(resolveConfig({ cwd }).unwrap().importExtension).toBe("");
  });
});
