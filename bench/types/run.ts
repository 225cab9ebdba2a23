/**
 * Type-checking cost of errand apps as the registry grows, beside a plain tRPC router with the same
 * number of procedures (the reference), in the same run.
 *
 * Run: `npx tsx bench/types/run.ts [sizes] [calls]` (default `500,2000 20`).
 *
 * Each app is checked by `tsc --extendedDiagnostics` in a fresh process. "per call" is the
 * instantiations one more client call adds: (checks with 2x calls - checks with 1x calls) / calls.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeErrandApp, writeReferenceApp } from "./generateApps.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsc = path.join(repo, "node_modules/typescript/bin/tsc");

interface Check {
  instantiations: number;
  checkSeconds: number;
  /** Error codes tsc reported (an app must compile clean; TS2589/TS2590 are the scaling failures). */
  errors: string[];
}

function check(project: string): Check {
  const run = spawnSync(process.execPath, [tsc, "-p", project, "--extendedDiagnostics"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = run.stdout + run.stderr;
  const figure = (label: string) =>
    Number(out.match(new RegExp(`${label}:\\s+([\\d.]+)`))?.[1] ?? Number.NaN);
  const errors = [...out.matchAll(/error (TS\d+)/g)].map((match) => match[1]!);
  if (errors.length > 0)
    console.error(
      out
        .split("\n")
        .filter((line) => line.includes("error"))
        .slice(0, 5)
        .join("\n"),
    );
  return { instantiations: figure("Instantiations"), checkSeconds: figure("Check time"), errors };
}

const sizes = (process.argv[2] ?? "500,2000").split(",").map(Number);
const calls = Number(process.argv[3] ?? 20);
const root = mkdtempSync(path.join(tmpdir(), "errand-types-bench-"));
const rows: string[][] = [];
try {
  for (const size of sizes) {
    const app = (kind: string, n: number, write: typeof writeErrandApp) =>
      check(write(path.join(root, `${kind}-${size}-${n}`), size, n));
    const errand = app("errand", calls, writeErrandApp);
    const errandMore = app("errand", calls * 2, writeErrandApp);
    const reference = app("trpc", calls, writeReferenceApp);
    const referenceMore = app("trpc", calls * 2, writeReferenceApp);
    const perCall = (a: Check, b: Check) => Math.round((b.instantiations - a.instantiations) / calls);
    const fmt = (n: number) => n.toLocaleString("en-US");
    const errors = (c: Check) => (c.errors.length ? [...new Set(c.errors)].join(" ") : "none");
    rows.push([
      fmt(size),
      fmt(errand.instantiations),
      `${errand.checkSeconds.toFixed(2)} s`,
      fmt(perCall(errand, errandMore)),
      errors(errand),
      fmt(reference.instantiations),
      `${reference.checkSeconds.toFixed(2)} s`,
      fmt(perCall(reference, referenceMore)),
      errors(reference),
    ]);
    console.error(`checked ${size} tasks`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

const header = [
  "tasks",
  "errand instantiations",
  "errand check",
  "errand per call",
  "errand errors",
  "tRPC instantiations",
  "tRPC check",
  "tRPC per call",
  "tRPC errors",
];
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
console.log(
  `\n${calls} client calls per app; targets: 500 tasks < 500,000 instantiations and < 3 s check; 2,000 tasks no TS2589/TS2590 and < 12 s; per call independent of tasks.`,
);
