import { Result } from "@errand/core";
import { type CodegenOptions, resolveConfig } from "./config.js";
import { describeChanges } from "./describeChanges.js";
import { createGenerator } from "./generator.js";
import type { Problem } from "./problems.js";
import type { CodegenFailure, FileOutcome, GenerateResult } from "./types.js";
import { readIfExists } from "./writeIfChanged.js";

/**
 * Finds every exported `defineTask` under the root and writes the registry and manifest (only
 * when their content changed). On any error nothing is written.
 *
 * @example
 * const result = await generate({ cwd: "apps/api" });
 * if (result.isFail()) for (const problem of result.error.problems) console.error(formatProblem(problem, process.cwd()));
 */
export async function generate(options: CodegenOptions = {}): Promise<GenerateResult> {
  const config = resolveConfig(options);
  if (config.isFail()) return Result.fail(config.error);
  return createGenerator(config.value).run();
}

/** Every problem a run reported: the warnings of a success, or the errors and warnings of a failure. */
export function problemsOf(result: Result<{ warnings: Problem[] }, CodegenFailure>): Problem[] {
  return result.isOk() ? result.value.warnings : result.error.problems;
}

export type Checked = { fresh: boolean; files: FileOutcome[]; changes: string[]; warnings: Problem[] };
export type CheckResult = Result<Checked, CodegenFailure>;

/** Like `generate` but writes nothing: says whether the files on disk are what it would write. */
export async function check(options: CodegenOptions = {}): Promise<CheckResult> {
  const config = resolveConfig(options);
  if (config.isFail()) return Result.fail(config.error);
  const { output, manifest } = config.value;
  const result = await createGenerator(config.value, { write: false }).run();
  if (result.isFail()) return Result.fail(result.error);
  const { files, warnings } = result.value;
  const fresh = files.every((file) => file.status === "unchanged");
  const contentOf = (file: string) => files.find((outcome) => outcome.path === file)?.content ?? "";
  const changes = fresh
    ? []
    : describeChanges(
        { registry: await readIfExists(output), manifest: await readIfExists(manifest) },
        { registry: contentOf(output), manifest: contentOf(manifest) },
      );
  return Result.ok({ fresh, files, changes, warnings });
}
