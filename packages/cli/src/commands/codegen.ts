import path from "node:path";
import type { Command } from "commander";
import type { CodegenPaths } from "../config/codegenPaths.js";
import { action, type CommandContext, type ExitState } from "./kit.js";

interface CodegenFlags {
  check?: boolean;
  watch?: boolean;
  include?: string[];
  exclude?: string[];
  importExtension?: string;
}

export function registerCodegen(program: Command, state: ExitState): void {
  program
    .command("codegen")
    .description("find every exported defineTask and write the typed registry (errand.gen.ts)")
    .option("--check", "write nothing; exit 1 if the generated files are out of date")
    .option("--watch", "regenerate on every change under the source root")
    .option("--include <glob>", "files to scan, relative to the root; repeatable", collect)
    .option("--exclude <glob>", "files to skip, relative to the root; repeatable", collect)
    .option("--import-extension <js|none>", "import style (default: from the nearest tsconfig.json)")
    .action(action(state, runCodegen));
}

/** Runs @errand/codegen's own CLI with the root and output errand.config.ts resolved. */
async function runCodegen(_args: string[], flags: CodegenFlags, context: CommandContext): Promise<number> {
  const config = await context.config();
  const args: string[] = [];
  if (flags.check) args.push("--check");
  if (flags.watch) args.push("--watch");
  for (const glob of flags.include ?? []) args.push("--include", glob);
  for (const glob of flags.exclude ?? []) args.push("--exclude", glob);
  if (flags.importExtension) args.push("--import-extension", flags.importExtension);
  return runCodegenIn(config.appDir, config, args);
}

/** @errand/codegen's CLI for one app folder, until it ends or Ctrl-C stops a `--watch`. */
export async function runCodegenIn(appDir: string, paths: CodegenPaths, args: string[]): Promise<number> {
  // Relative to the app folder (codegen's cwd), so its messages show short paths.
  const relative = (file: string) => path.relative(appDir, file) || ".";
  const { runCli } = await import("@errand/codegen");
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await runCli(["--root", relative(paths.root), "--output", relative(paths.generated), ...args], {
      cwd: appDir,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: stop.signal,
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
