import { readdirSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import type { CodegenConfig } from "./config.js";
import { compareStrings } from "./order.js";
import { isInside, relativePosix } from "./paths.js";

/** Why a file is or is not one of the app's sources. */
export type FileStatus = "selected" | "outsideRoot" | "skipped" | "notIncluded" | "excluded";

/** Sorts files into app sources (under the root, matched by include, not by exclude) and the rest. */
export function createFileClassifier(config: CodegenConfig): (file: string) => FileStatus {
  const included = picomatch([...config.include]);
  const excluded = picomatch([...config.exclude]);
  return (file) => {
    if (!isInside(config.root, file)) return "outsideRoot";
    if (file === config.output || isSkippedPath(config.root, file)) return "skipped";
    const relative = relativePosix(config.root, file);
    if (!included(relative)) return "notIncluded";
    return excluded(relative) ? "excluded" : "selected";
  };
}

/** Dependencies and hidden folders are never app sources, whatever the globs say. */
export function isSkippedPath(root: string, file: string): boolean {
  return relativePosix(root, file)
    .split("/")
    .some((segment) => segment === "node_modules" || segment.startsWith("."));
}

/** Every selected file under the root, sorted. */
export function listSelectedFiles(root: string, isSelected: (file: string) => boolean): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(full);
      } else if (entry.isFile() && isSelected(full)) {
        files.push(full);
      }
    }
  };
  walk(root);
  return files.sort(compareStrings);
}
