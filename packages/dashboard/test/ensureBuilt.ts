import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const BUILT = path.join(PACKAGE, "dist/client/index.html");
const SOURCES = [path.join(PACKAGE, "src/app"), path.join(PACKAGE, "vite.config.ts")];

function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

/**
 * Builds the app (vite build) when dist/client is missing or older than its sources, so the
 * tests (and every server started with the dashboard on, the CLI's included) serve the app as it
 * is in the tree, from a fresh clone too.
 */
export function ensureDashboardBuilt(): void {
  let built = 0;
  try {
    built = statSync(BUILT).mtimeMs;
  } catch {}
  if (built > Math.max(...SOURCES.map(newestChange))) return;
  const vite = path.join(PACKAGE, "node_modules/vite/bin/vite.js");
  execFileSync(process.execPath, [vite, "build"], { cwd: PACKAGE, stdio: "inherit" });
}
