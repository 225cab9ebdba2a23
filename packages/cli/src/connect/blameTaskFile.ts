import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CliError } from "../cliError.js";

/*
 * When the generated registry fails to import, the error nearly always comes from one of the task
 * modules it imports (a top-level `JSON.parse(process.env.X)`, a missing package), and the message
 * alone names neither. Each task module is imported again, in the registry's order: one that threw
 * is in an errored state and throws the same error again, one that loaded is cached, so the first
 * to throw is the culprit.
 */
export async function blameTaskFile(generated: string, cwd: string): Promise<CliError | null> {
  const source = await readFile(generated, "utf8").catch(() => "");
  const specifiers = [...source.matchAll(/^import [^;]*? from "(\.{1,2}\/[^"]+)";?$/gm)].map(
    (match) => match[1]!,
  );
  for (const specifier of specifiers) {
    const url = new URL(specifier, pathToFileURL(generated));
    try {
      await import(url.href);
    } catch (error) {
      const file = path.relative(cwd, sourceFile(fileURLToPath(url)));
      const where = firstAppFrame(error, cwd);
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return new CliError(
        `the task file ${file} threw while it was imported: ${what}${where ? `\n  at ${where}` : ""}\n` +
          "Fix that file; errand imports every task file listed in the generated registry.",
        1,
        { cause: error },
      );
    }
  }
  return null;
}

/** The registry imports `./tasks/nap.js`; the file on disk is usually `nap.ts`. */
function sourceFile(imported: string): string {
  const stem = imported.replace(/\.(m|c)?js$/, "");
  const candidates = [imported, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`];
  return candidates.find((candidate) => existsSync(candidate)) ?? imported;
}

/** `src/tasks/nap.ts:15:6`: the first stack frame in the app's own files. */
function firstAppFrame(error: unknown, cwd: string): string | null {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  for (const match of stack.matchAll(/(?:\(|at )((?:file:\/\/)?\/[^():]+):(\d+):(\d+)/g)) {
    const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
    if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    return `${path.relative(cwd, file)}:${match[2]}:${match[3]}`;
  }
  return null;
}
