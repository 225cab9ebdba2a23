import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Result } from "@errand/core";
import { findImportExtension, type ImportExtension } from "./importExtension.js";
import { problemCodes } from "./problems.js";
import type { CodegenFailure } from "./types.js";

/** How to run the codegen. Every field is optional: flags on the command line map one to one. */
export type CodegenOptions = {
  /** The app folder: holds the package.json whose `errand` field is read; paths are relative to it. */
  cwd?: string;
  /** The source root to scan. Default `src`. */
  root?: string;
  /** Globs relative to the root. Default: every TypeScript file. */
  include?: readonly string[];
  /** Globs relative to the root. Default: declaration files and tests. */
  exclude?: readonly string[];
  /** The registry module to write. Default `<root>/errand.gen.ts`; the manifest goes beside it. */
  output?: string;
  /** `js` or `none`. Default: what the tsconfig at or above the root needs. */
  importExtension?: "js" | "none";
};

/** Options with every default applied and every path absolute. */
export type CodegenConfig = {
  cwd: string;
  root: string;
  include: readonly string[];
  exclude: readonly string[];
  output: string;
  manifest: string;
  importExtension: ImportExtension;
};

export type ConfigResult = Result<CodegenConfig, CodegenFailure>;

export const defaultInclude: readonly string[] = ["**/*.{ts,tsx,mts,cts}"];
export const defaultExclude: readonly string[] = [
  "**/*.d.{ts,mts,cts}",
  "**/*.{test,spec}.*",
  "**/*.test-d.*",
  "**/__tests__/**",
];
export const manifestFileName = "errand.manifest.json";

/** Merges explicit options over the `errand` field of `<cwd>/package.json` over the defaults. */
export function resolveConfig(options: CodegenOptions = {}): ConfigResult {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const fromPackage = readPackageOptions(cwd);
  if (fromPackage.isFail()) return Result.fail(fromPackage.error);
  const fromFile = fromPackage.value;
  const merged = { ...fromFile.options, ...definedOnly(options) };

  const root = path.resolve(cwd, merged.root ?? "src");
  if (!isDirectory(root)) {
    const rootFromPackage = options.root === undefined && fromFile.options.root !== undefined;
    return fail((rootFromPackage && fromFile.where) || { file: root, line: 1, column: 1 }, {
      message: `source root "${merged.root ?? "src"}" is not a folder`,
      fix: 'create it, or point "root" (flag --root or package.json "errand.root") at the folder holding your tasks',
    });
  }
  const output = path.resolve(cwd, merged.output ?? path.join(root, "errand.gen.ts"));
  const importExtension =
    merged.importExtension === undefined
      ? findImportExtension(root)
      : merged.importExtension === "js"
        ? ".js"
        : "";
  return Result.ok({
    cwd,
    root,
    include: merged.include ?? defaultInclude,
    exclude: merged.exclude ?? defaultExclude,
    output,
    manifest: path.join(path.dirname(output), manifestFileName),
    importExtension,
  });
}

type Where = { file: string; line: number; column: number };
type PackageOptions = { options: Omit<CodegenOptions, "cwd">; where?: Where };

function readPackageOptions(cwd: string): Result<PackageOptions, CodegenFailure> {
  const file = path.join(cwd, "package.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return Result.ok({ options: {} });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(
      { file, line: 1, column: 1 },
      { message: `package.json is not valid JSON (${(error as Error).message})`, fix: "fix the JSON syntax" },
    );
  }
  const field = (json as { errand?: unknown } | null)?.errand;
  if (field === undefined) return Result.ok({ options: {} });
  const where = { file, ...positionOf(text, '"errand"') };
  const invalid = (message: string) =>
    fail(where, {
      message: `package.json "errand" ${message}`,
      fix: 'see "errand" in the @errand/codegen README',
    });
  if (typeof field !== "object" || field === null || Array.isArray(field))
    return invalid("must be an object");

  // Other errand tools may keep their own keys in this field, so unknown keys are not an error.
  const { root, include, exclude, output, importExtension } = field as Record<string, unknown>;
  if (root !== undefined && typeof root !== "string") return invalid('"root" must be a string');
  if (output !== undefined && typeof output !== "string") return invalid('"output" must be a string');
  if (include !== undefined && !isStringArray(include)) return invalid('"include" must be an array of globs');
  if (exclude !== undefined && !isStringArray(exclude)) return invalid('"exclude" must be an array of globs');
  if (importExtension !== undefined && importExtension !== "js" && importExtension !== "none") {
    return invalid('"importExtension" must be "js" or "none"');
  }
  return Result.ok({ options: definedOnly({ root, include, exclude, output, importExtension }), where });
}

function fail(where: Where, text: { message: string; fix: string }) {
  return Result.fail<CodegenFailure>({
    problems: [{ code: problemCodes.invalidConfig, severity: "error", ...where, ...text }],
  });
}

function positionOf(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, text.indexOf(needle))).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
