/**
 * Type-checking cost of errand apps as the registry grows, beside a plain tRPC router with the same
 * number of procedures (the reference), in the same run.
 *
 * Run: `npx tsx bench/types/run.ts [sizes] [calls] [runs] [dist|src]` (default `500,2000 20 1 dist`).
 *
 * `dist` (the default) checks each app against errand's built declarations, as an app that
 * installed errand sees them (the packages are built first); `src` resolves errand to its sources,
 * so the figures include checking errand itself.
 *
 * Each app is checked by `tsc --extendedDiagnostics` in a fresh process. "per call" is the
 * instantiations one more client call adds: (checks with 2x calls - checks with 1x calls) / calls.
 * "zod floor" is the same schemas with no errand, each read for its input and output types: what
 * an errand app costs above it is errand's own. Times are medians of `runs` checks; "CPU" is the
 * checking process's user+system time, steadier than tsc's wall-clock "Check time" on a busy machine.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ErrandTypesFrom, writeErrandApp, writeFloorApp, writeReferenceApp } from "./generateApps.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsc = path.join(repo, "node_modules/typescript/bin/tsc");

interface Check {
  instantiations: number;
  checkSeconds: number;
  cpuSeconds: number;
  /** Error codes tsc reported (an app must compile clean; TS2589/TS2590 are the scaling failures). */
  errors: string[];
}

// tsc in this process, reporting its own CPU time when it exits.
const tscWithCpu = `process.argv.splice(1, 0, ${JSON.stringify(tsc)});
process.on("exit", () => { const u = process.cpuUsage(); console.log("CPU seconds: " + (u.user + u.system) / 1e6); });
require(${JSON.stringify(tsc)});`;

function checkOnce(project: string): Check {
  const run = spawnSync(process.execPath, ["-e", tscWithCpu, "--", "-p", project, "--extendedDiagnostics"], {
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
  return {
    instantiations: figure("Instantiations"),
    checkSeconds: figure("Check time"),
    cpuSeconds: figure("CPU seconds"),
    errors,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Checked `times` times: instantiations are the same each time; the times are medians. */
function check(project: string, times: number): Check {
  const checks = Array.from({ length: times }, () => checkOnce(project));
  return {
    ...checks[0]!,
    checkSeconds: median(checks.map((c) => c.checkSeconds)),
    cpuSeconds: median(checks.map((c) => c.cpuSeconds)),
  };
}

const sizes = (process.argv[2] ?? "500,2000").split(",").map(Number);
const calls = Number(process.argv[3] ?? 20);
const runs = Number(process.argv[4] ?? 1);
const from = (process.argv[5] ?? "dist") as ErrandTypesFrom;
if (from !== "dist" && from !== "src")
  throw new Error(`errand types from: expected dist or src, got ${from}`);
if (from === "dist") {
  // The declarations the apps import; tsc -b rebuilds only what changed.
  const build = spawnSync(
    process.execPath,
    [
      tsc,
      "-b",
      ...["client", "server"].map((name) => path.join(repo, `packages/${name}/tsconfig.build.json`)),
    ],
    { stdio: "inherit" },
  );
  if (build.status !== 0) throw new Error("building errand's declarations failed");
}
const root = mkdtempSync(path.join(tmpdir(), "errand-types-bench-"));
const rows: string[][] = [];
try {
  for (const size of sizes) {
    const app = (kind: string, n: number, write: typeof writeErrandApp, times = 1) =>
      check(write(path.join(root, `${kind}-${size}-${n}`), size, n, from), times);
    const floor = check(writeFloorApp(path.join(root, `floor-${size}`), size), runs);
    const errand = app("errand", calls, writeErrandApp, runs);
    const errandMore = app("errand", calls * 2, writeErrandApp);
    const reference = app("trpc", calls, writeReferenceApp, runs);
    const referenceMore = app("trpc", calls * 2, writeReferenceApp);
    const perCall = (a: Check, b: Check) => Math.round((b.instantiations - a.instantiations) / calls);
    const fmt = (n: number) => n.toLocaleString("en-US");
    const time = (c: Check) => `${c.checkSeconds.toFixed(2)} s / ${c.cpuSeconds.toFixed(1)} s`;
    const errors = (c: Check) => (c.errors.length ? [...new Set(c.errors)].join(" ") : "none");
    rows.push([
      fmt(size),
      fmt(floor.instantiations),
      time(floor),
      fmt(errand.instantiations),
      fmt(errand.instantiations - floor.instantiations),
      time(errand),
      fmt(perCall(errand, errandMore)),
      errors(errand),
      fmt(reference.instantiations),
      time(reference),
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
  "zod floor instantiations",
  "zod floor check / CPU",
  "errand instantiations",
  "errand minus floor",
  "errand check / CPU",
  "errand per call",
  "errand errors",
  "tRPC instantiations",
  "tRPC check / CPU",
  "tRPC per call",
  "tRPC errors",
];
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
console.log(
  `\n${calls} client calls per app; errand's types from ${from}; times are medians of ${runs} run(s); targets: 500 tasks < 500,000 instantiations and < 3 s check; 2,000 tasks no TS2589/TS2590 and < 12 s; per call independent of tasks.`,
);
