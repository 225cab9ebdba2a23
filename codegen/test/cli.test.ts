import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, taskSource, writeFile } from "./helpers.js";

const bin = new URL("../bin/errand-codegen.js", import.meta.url).pathname;

/** Runs the real bin in a child process, as `npx errand-codegen` would. */
function runBin(cwd: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("errand-codegen bin", () => {
  it("generates and exits 0", async () => {
    const cwd = copyFixture("named-export");
    const { code, stdout, stderr } = await runBin(cwd);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe(
      "errand-codegen: 3 tasks; src/errand.gen.ts written, src/errand.manifest.json written\n",
    );
    expect(readFileSync(path.join(cwd, "src/errand.gen.ts"), "utf8")).toContain(
      '"email.bounce": task_email_bounce',
    );
  });

  it("reports errors with file:line:column on stderr and exits 1", async () => {
    const cwd = copyFixture("duplicate-name");
    const { code, stdout, stderr } = await runBin(cwd);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      'src/legacy/email.ts:4:31 error duplicate-name: task name "sendEmail" is also used by the task at src/email.ts:4:26\n  fix: ',
    );
  });

  it("--check exits 0 when fresh and 1 with a summary when stale, writing nothing", async () => {
    const cwd = copyFixture("nested-folders");
    expect((await runBin(cwd)).code).toBe(0);
    expect(await runBin(cwd, ["--check"])).toMatchObject({ code: 0 });

    writeFile(path.join(cwd, "src/x/added.ts"), taskSource("addedTask"));
    const registry = path.join(cwd, "src/errand.gen.ts");
    const before = statSync(registry).mtimeMs;
    const stale = await runBin(cwd, ["--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      [
        "errand-codegen: out of date: src/errand.gen.ts, src/errand.manifest.json",
        '  + task "addedTask" added (x/added.ts:4 export addedTask)',
        "run `errand codegen` and commit the result",
        "",
      ].join("\n"),
    );
    expect(statSync(registry).mtimeMs).toBe(before);
  });

  it("lets flags override the package.json field", async () => {
    const cwd = copyFixture("package-json-config");
    const { code, stdout } = await runBin(cwd, ["--root", "src", "--output", "out/tasks.gen.ts"]);
    expect(code).toBe(0);
    expect(stdout).toContain("1 task; out/tasks.gen.ts written");
    expect(readFileSync(path.join(cwd, "out/tasks.gen.ts"), "utf8")).toContain('from "../src/ignored.js"');
  });

  it("exits 2 on a usage mistake", async () => {
    const { code, stderr } = await runBin(copyFixture("empty"), ["--frobnicate"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--frobnicate'");
  });
});
