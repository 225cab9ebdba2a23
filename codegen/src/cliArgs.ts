import { parseArgs } from "node:util";
import type { CodegenOptions } from "./config.js";

export const usage = `Usage: errand-codegen [options]

Finds every exported defineTask under the source root and writes the typed registry
(errand.gen.ts) and errand.manifest.json. Flags override the "errand" field of package.json.

Options:
  --root <dir>                  source root to scan (default: src)
  --include <glob>              files to scan, relative to the root; repeatable
  --exclude <glob>              files to skip, relative to the root; repeatable
  --output <file>               registry module to write (default: <root>/errand.gen.ts)
  --import-extension <js|none>  import style (default: from the nearest tsconfig.json)
  --check                       write nothing; exit 1 if the generated files are out of date
  --watch                       regenerate on every change under the root
  -h, --help                    show this help`;

export type CliMode = "generate" | "check" | "watch" | "help";
export type ParsedArgs = { ok: true; mode: CliMode; options: CodegenOptions } | { ok: false; error: string };

/** Command-line flags to options; a usage mistake is returned as a message, never thrown. */
export function parseCliArgs(args: readonly string[]): ParsedArgs {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (values.check && values.watch) return { ok: false, error: "--check and --watch cannot be combined" };
  const importExtension = values["import-extension"];
  if (importExtension !== undefined && importExtension !== "js" && importExtension !== "none") {
    return { ok: false, error: '--import-extension must be "js" or "none"' };
  }
  const options: CodegenOptions = {
    ...(values.root === undefined ? {} : { root: values.root }),
    ...(values.include === undefined ? {} : { include: values.include }),
    ...(values.exclude === undefined ? {} : { exclude: values.exclude }),
    ...(values.output === undefined ? {} : { output: values.output }),
    ...(importExtension === undefined ? {} : { importExtension }),
  };
  const mode = values.help ? "help" : values.check ? "check" : values.watch ? "watch" : "generate";
  return { ok: true, mode, options };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      root: { type: "string" },
      include: { type: "string", multiple: true },
      exclude: { type: "string", multiple: true },
      output: { type: "string" },
      "import-extension": { type: "string" },
      check: { type: "boolean" },
      watch: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
