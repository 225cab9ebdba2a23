import { existsSync } from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";

/** What the registry appends to its relative imports: `.js` for Node16/NodeNext, nothing otherwise. */
export type ImportExtension = ".js" | "";

/**
 * Reads the nearest tsconfig.json at or above `root` (following `extends`) and picks the import
 * style its module resolution accepts. Without a tsconfig, `.js` works everywhere.
 */
export function findImportExtension(root: string): ImportExtension {
  const file = findUp(root, "tsconfig.json");
  if (file === undefined) return ".js";
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error !== undefined) return ".js";
  // Only compiler options are wanted: listing the project's files could walk a whole monorepo.
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: () => [],
  };
  const { options } = ts.parseJsonConfigFileContent(config, host, path.dirname(file), undefined, file);
  return needsJsExtension(options) ? ".js" : "";
}

function needsJsExtension(options: ts.CompilerOptions): boolean {
  const resolution = options.moduleResolution;
  if (resolution !== undefined) {
    return resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext;
  }
  // Without moduleResolution, TypeScript derives it from `module`.
  const module = options.module;
  return module !== undefined && module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext;
}

function findUp(start: string, name: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
