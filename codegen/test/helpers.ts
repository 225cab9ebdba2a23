import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { formatProblem, type Problem } from "../src/index.js";

export const fixturesDir = new URL("./fixtures/", import.meta.url).pathname;

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir, removed after the test: tests never write into the repo. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "errand-codegen-"));
  created.push(dir);
  return dir;
}

/** A temp copy of `fixtures/<name>` without its snapshots. */
export function copyFixture(name: string): string {
  const dir = tempDir();
  cpSync(path.join(fixturesDir, name), dir, {
    recursive: true,
    filter: (source) => path.basename(source) !== "__snapshots__",
  });
  return dir;
}

/** A task module as the app would write it. */
export function taskSource(name: string, exportName = name.replace(/\W/g, "_")): string {
  return `import { defineTask } from "@errand/core";
import { z } from "zod";

export const ${exportName} = defineTask({
  name: "${name}",
  input: z.object({ id: z.string() }),
  async run({ controller }) {
    return controller.success({});
  },
});
`;
}

export function writeFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** The first line of each formatted problem: `file:line:column severity code: message`. */
export function problemLines(problems: readonly Problem[], cwd: string): string[] {
  return problems.map((problem) => formatProblem(problem, cwd).split("\n")[0]!);
}
