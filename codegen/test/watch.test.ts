import { readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type GenerateResult, problemsOf, type Watcher, watch } from "../src/index.js";
import { taskSource, tempDir, writeFile } from "./helpers.js";

const watchers: Watcher[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.close();
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startWatching(cwd: string) {
  const results: GenerateResult[] = [];
  const errors: unknown[] = [];
  const watcher = (
    await watch({ cwd, onResult: (result) => results.push(result), onError: (error) => errors.push(error) })
  ).unwrap();
  watchers.push(watcher);
  return { results, errors };
}

const lastTaskNames = (results: readonly GenerateResult[]): string[] => {
  const last = results.at(-1);
  return last?.isOk() ? last.value.tasks.map((task) => task.name) : [];
};

const writes = (results: readonly GenerateResult[]) =>
  results
    .flatMap((result) => (result.isOk() ? result.value.files : []))
    .filter((file) => file.status === "written").length;

describe("watch (real chokidar watcher)", () => {
  it("adds and removes tasks as files come and go, and writes only on change", async () => {
    const cwd = tempDir();
    const registry = path.join(cwd, "src/errand.gen.ts");
    writeFile(path.join(cwd, "src/first.ts"), taskSource("first"));
    const { results, errors } = await startWatching(cwd);
    expect(results).toHaveLength(1);
    expect(readFileSync(registry, "utf8")).toContain("first: task_first");

    // Wait for the run's result, not the file: the result comes once every file of the run is
    // written, so the count of writes below cannot miss a run still writing (under load it did).
    const second = path.join(cwd, "src/nested/second.ts");
    writeFile(second, taskSource("second"));
    await waitFor(() => lastTaskNames(results).includes("second"), "the new task");

    rmSync(second);
    await waitFor(() => !lastTaskNames(results).includes("second"), "the deleted task to go");
    expect(readFileSync(registry, "utf8")).not.toContain("second");
    const writesSoFar = writes(results);
    const mtime = statSync(registry).mtimeMs;

    // A touch (same bytes), then an edit that keeps the tasks: each causes a run, neither a write.
    for (const content of [taskSource("first"), `${taskSource("first")}// a comment\n`]) {
      const runsBefore = results.length;
      writeFile(path.join(cwd, "src/first.ts"), content);
      await waitFor(() => results.length > runsBefore, "a run after the edit");
      const last = results.at(-1)!.unwrap();
      expect(last.files.map((file) => file.status)).toEqual(["unchanged", "unchanged"]);
    }
    expect(writes(results)).toBe(writesSoFar);
    expect(statSync(registry).mtimeMs).toBe(mtime);
    expect(errors).toEqual([]);
  });

  // chokidar drops a change event that follows another on the same file within 50 ms.
  it("does not lose a second save that follows the first within chokidar's throttle window", async () => {
    const cwd = tempDir();
    const file = path.join(cwd, "src/first.ts");
    writeFile(file, taskSource("first"));
    const { results } = await startWatching(cwd);
    writeFile(file, taskSource("draft"));
    await waitFor(() => results.length >= 2, "the run for the first save");
    writeFile(file, taskSource("final"));
    await waitFor(() => results.at(-1)?.unwrap().tasks[0]?.name === "final", "the second save");
    expect(readFileSync(path.join(cwd, "src/errand.gen.ts"), "utf8")).toContain("final: task_final");
  });

  it("does not react to writes of its own output files", async () => {
    const cwd = tempDir();
    writeFile(path.join(cwd, "src/first.ts"), taskSource("first"));
    const { results } = await startWatching(cwd);
    const registry = path.join(cwd, "src/errand.gen.ts");
    const manifest = path.join(cwd, "src/errand.manifest.json");
    // What the generator does on every write: the same bytes through a temp file and a rename.
    for (const file of [registry, manifest]) {
      writeFile(`${file}.tmp`, readFileSync(file, "utf8"));
      renameSync(`${file}.tmp`, file);
    }
    // The watcher is listening: a source change written after them gets a run, and it is the
    // only run since the first (events arrive in order, so a run for the outputs would come first).
    // Written elsewhere and renamed in, so the watcher sees one complete file (one event).
    const staged = path.join(tempDir(), "second.ts");
    writeFile(staged, taskSource("second"));
    renameSync(staged, path.join(cwd, "src/second.ts"));
    await waitFor(() => lastTaskNames(results).includes("second"), "the run for a source change");
    expect(results).toHaveLength(2);
    expect(
      results
        .at(-1)
        ?.unwrap()
        .tasks.map((task) => task.name),
    ).toEqual(["first", "second"]);
  });

  it("reports errors while watching and recovers when they are fixed", async () => {
    const cwd = tempDir();
    writeFile(path.join(cwd, "src/first.ts"), taskSource("first"));
    const { results } = await startWatching(cwd);
    const clash = path.join(cwd, "src/clash.ts");
    writeFile(clash, taskSource("first", "again"));
    await waitFor(() => results.at(-1)?.isFail() === true, "the duplicate-name error");
    expect(problemsOf(results.at(-1)!).map((problem) => problem.code)).toEqual(["duplicate-name"]);
    writeFile(clash, taskSource("renamed", "again"));
    await waitFor(() => results.at(-1)?.isOk() === true, "a clean run");
    expect(readFileSync(path.join(cwd, "src/errand.gen.ts"), "utf8")).toContain("renamed: task_renamed");
  });
});
