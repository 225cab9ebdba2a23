import { existsSync } from "node:fs";
import path from "node:path";

// What a TypeScript import may name versus the source file behind it: `./a.js` is `./a.ts` on disk.
const sourceExtensions: Record<string, readonly string[]> = {
  ".js": [".ts", ".tsx", ".js", ".jsx"],
  ".jsx": [".tsx", ".jsx"],
  ".mjs": [".mts", ".mjs"],
  ".cjs": [".cts", ".cjs"],
};
const extensionless = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx"];

/**
 * The file a relative specifier points at, the way TypeScript finds it (NodeNext `.js` imports of
 * `.ts` files, extensionless and folder `index` imports). Path aliases are not followed. `known`
 * holds files the caller knows to exist.
 */
export function resolveImport(
  fromFile: string,
  specifier: string,
  known: { has(file: string): boolean } = new Set(),
): string | undefined {
  const target = path.resolve(path.dirname(fromFile), specifier);
  const extension = path.extname(target);
  const candidates =
    extension in sourceExtensions
      ? sourceExtensions[extension]!.map((source) => target.slice(0, -extension.length) + source)
      : [
          target,
          ...extensionless.map((source) => target + source),
          ...extensionless.map((source) => path.join(target, `index${source}`)),
        ];
  // Files the caller already knows exist need no system call: most imports point at app sources.
  return candidates.find((candidate) => known.has(candidate) || isSourceFile(candidate));
}

function isSourceFile(file: string): boolean {
  return /\.[cm]?[jt]sx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file) && existsSync(file);
}

export type ImportResolver = {
  resolve(fromFile: string, specifier: string): string | undefined;
  /** Call when a file appears or disappears: only that can change where an import points. */
  forget(): void;
};

/** `resolveImport` with its answers kept, so a watch run after an edit makes no file system calls. */
export function createImportResolver(known: { has(file: string): boolean }): ImportResolver {
  const answers = new Map<string, string | undefined>();
  return {
    resolve(fromFile, specifier) {
      const key = `${fromFile}\0${specifier}`;
      if (!answers.has(key)) answers.set(key, resolveImport(fromFile, specifier, known));
      return answers.get(key);
    },
    forget: () => answers.clear(),
  };
}
