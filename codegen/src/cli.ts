import { parseCliArgs, usage } from "./cliArgs.js";
import { check, generate, problemsOf } from "./generate.js";
import { relativePosix } from "./paths.js";
import { formatProblem, type Problem } from "./problems.js";
import type { FileOutcome, Generated, GenerateResult } from "./types.js";
import { watch } from "./watch.js";

export type CliIo = {
  /** The app folder: holds the package.json to read; paths are printed relative to it. */
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Ends `--watch`; without it, watch mode runs until the process exits. */
  signal?: AbortSignal;
};

/**
 * Runs `errand-codegen` with the given arguments and returns the exit code: 0 done, 1 problems
 * found (or, with `--check`, stale files), 2 a usage mistake.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(args);
  if (!parsed.ok) {
    io.stderr.write(`errand-codegen: ${parsed.error}\n\n${usage}\n`);
    return 2;
  }
  const options = { ...parsed.options, cwd: io.cwd };
  const report = (problems: readonly Problem[]) => {
    for (const problem of problems) io.stderr.write(`${formatProblem(problem, io.cwd)}\n`);
  };
  const summarize = (result: GenerateResult) => {
    report(problemsOf(result));
    if (result.isOk()) io.stdout.write(`${summaryLine(result.value, io.cwd)}\n`);
  };

  switch (parsed.mode) {
    case "help":
      io.stdout.write(`${usage}\n`);
      return 0;
    case "generate": {
      const result = await generate(options);
      summarize(result);
      return result.isOk() ? 0 : 1;
    }
    case "check": {
      const result = await check(options);
      report(problemsOf(result));
      if (result.isFail()) return 1;
      const { fresh, files, changes } = result.value;
      if (fresh) {
        io.stdout.write("errand-codegen: generated files are up to date\n");
        return 0;
      }
      const stale = files
        .filter((file) => file.status === "stale")
        .map((file) => relativePosix(io.cwd, file.path));
      io.stderr.write(`errand-codegen: out of date: ${stale.join(", ")}\n`);
      for (const line of changes) io.stderr.write(`  ${line}\n`);
      io.stderr.write("run `errand codegen` and commit the result\n");
      return 1;
    }
    case "watch": {
      let lastKey: string | undefined;
      const started = await watch({
        ...options,
        // Every save causes a run: repeat a report only when it wrote files or its findings changed.
        onResult: (result) => {
          const key = JSON.stringify([problemsOf(result), result.isOk() && result.value.tasks]);
          if (key !== lastKey || (result.isOk() && result.value.files.some(isWritten))) summarize(result);
          lastKey = key;
        },
        onError: (error) => io.stderr.write(`errand-codegen: ${String(error)}\n`),
      });
      if (started.isFail()) {
        report(started.error.problems);
        return 1;
      }
      io.stdout.write("errand-codegen: watching for changes\n");
      await new Promise<void>((resolve) =>
        io.signal?.addEventListener("abort", () => resolve(), { once: true }),
      );
      await started.value.close();
      return 0;
    }
  }
}

function summaryLine({ tasks, files }: Generated, cwd: string): string {
  const outcomes = files.map((file) => `${relativePosix(cwd, file.path)} ${file.status}`).join(", ");
  return `errand-codegen: ${tasks.length} task${tasks.length === 1 ? "" : "s"}; ${outcomes}`;
}

function isWritten(file: FileOutcome): boolean {
  return file.status === "written";
}
