import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/*
 * Tests use temporary folders and stores only: a test that wrote into the repository (a task into
 * examples/quickstart/.errand/errand.db, a fixture's generated file) would leave state that the
 * next run, or the next developer, picks up. This global setup lists the repository's files
 * (node_modules and .git aside) before the run and fails the run if any appeared or changed.
 */
const ROOT = path.dirname(fileURLToPath(import.meta.url));
const SKIP = new Set(["node_modules", ".git"]);

function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const stat = statSync(full, { throwIfNoEntry: false });
        if (stat) files.set(path.relative(ROOT, full), `${stat.size}:${stat.mtimeMs}`);
      }
    }
  };
  walk(ROOT);
  return files;
}

export default function setup(): () => void {
  const before = snapshot();
  return () => {
    const written = [...snapshot()]
      .filter(([file, stamp]) => before.get(file) !== stamp)
      .map(([file]) => file);
    if (written.length > 0) {
      // A throw here is only printed by vitest ("error during close"); the exit code makes it count.
      console.error(
        `\nFAIL: tests wrote into the repository (use a temporary folder or store instead): ${written.join(", ")}\n`,
      );
      process.exitCode = 1;
    }
  };
}
