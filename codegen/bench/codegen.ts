/**
 * Codegen speed on a generated app of 1,000 task files, against the floor of reading and parsing the
 * same files with `ts.createSourceFile`. Run: `npx tsx codegen/bench/codegen.ts [files] [runs]`.
 *
 * Cold figures are measured in a fresh process each (modules loaded, nothing else run), so no
 * measurement pays for another's garbage or JIT warm-up; the watch update reuses one generator.
 * Wall and CPU time are both printed: on a busy machine the CPU column is the steadier one.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { ts } from "ts-morph";
import { createGenerator, generate, resolveConfig } from "../src/index.js";
import { makeApp, taskSource } from "./benchApp.js";

type Sample = { wall: number; cpu: number };
const kinds = ["floor", "kept", "cold"] as const;
type Kind = (typeof kinds)[number];

async function time(fn: () => unknown): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** The child side: one measurement of one kind, printed as JSON. */
async function measure(kind: Kind, cwd: string): Promise<Sample> {
  const files = readdirSync(path.join(cwd, "src"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".gen.ts"))
    .map((file) => path.join(cwd, "src", file));
  const parse = (file: string, parents: boolean) =>
    ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, parents);
  switch (kind) {
    case "floor":
      return time(() => files.map((file) => parse(file, false)).length);
    case "kept":
      // Not a target: what any project that keeps its trees for reuse holds, parent links included.
      return time(() => files.map((file) => parse(file, true)));
    case "cold":
      rmSync(path.join(cwd, "src/errand.gen.ts"), { force: true });
      return time(async () => (await generate({ cwd })).unwrap());
  }
}

const script = fileURLToPath(import.meta.url);
if (process.argv[2] === "--measure") {
  console.log(JSON.stringify(await measure(process.argv[3] as Kind, process.argv[4]!)));
  process.exit(0);
}

const fileCount = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 9);
const { cwd, files } = makeApp(fileCount);

function inFreshProcess(kind: Kind): Sample {
  const child = spawnSync(process.execPath, ["--import", "tsx", script, "--measure", kind, cwd], {
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`${kind} measurement failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Sample;
}

const samples: Record<string, Sample[]> = {};
const add = (key: string, sample: Sample) => {
  samples[key] = [...(samples[key] ?? []), sample];
};
for (let i = 0; i < runs; i++) for (const kind of kinds) add(kind, inFreshProcess(kind));

// What a user waits for: the bin, from process start to exit.
const bin = fileURLToPath(new URL("../bin/errand-codegen.js", import.meta.url));
for (let i = 0; i < Math.min(runs, 5); i++) {
  rmSync(path.join(cwd, "src/errand.gen.ts"), { force: true });
  const start = performance.now();
  const child = spawnSync(process.execPath, [bin], { cwd, encoding: "utf8" });
  if (child.status !== 0) throw new Error(`errand-codegen failed: ${child.stderr}`);
  add("bin", { wall: performance.now() - start, cpu: Number.NaN });
}

// In one long-lived process: the floor and a full run repeated (JIT warm), then the watch path,
// one generator kept across runs.
for (let i = 0; i < runs; i++) add("warmFloor", await measure("floor", cwd));
for (let i = 0; i < runs; i++) add("warmCold", await measure("cold", cwd));
const generator = createGenerator(resolveConfig({ cwd }).unwrap());
await generator.run();
const changed = files[Math.floor(fileCount / 2)]!;
for (let i = 0; i < runs; i++) {
  add("rerun", await time(() => generator.run({ type: "rerun" })));
  writeFileSync(changed, taskSource(fileCount / 2, `renamed${i}`));
  add("renamed", await time(() => generator.run({ type: "update", path: changed })));
  writeFileSync(changed, `${taskSource(fileCount / 2, `renamed${i}`)}// edit ${i}\n`);
  add("bodyOnly", await time(() => generator.run({ type: "update", path: changed })));
}
rmSync(cwd, { recursive: true, force: true });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const ms = (value: number) => (Number.isNaN(value) ? "-" : `${value.toFixed(1)} ms`).padStart(10);
const medians = (list: Sample[]) => ({
  wall: median(list.map((sample) => sample.wall)),
  cpu: median(list.map((sample) => sample.cpu)),
});
const row = (label: string, key: string, floorKey?: string) => {
  const { wall, cpu } = medians(samples[key]!);
  const floor = floorKey === undefined ? undefined : medians(samples[floorKey]!);
  const ratios = floor ? `  ${(wall / floor.wall).toFixed(2)}x  ${(cpu / floor.cpu).toFixed(2)}x` : "";
  console.log(`  ${label.padEnd(52)}${ms(wall)}${ms(cpu)}${ratios}`);
};

console.log(
  `errand codegen: ${fileCount} task files, medians of ${runs} runs, node ${process.version}, ${cpus().length} CPUs`,
);
console.log(
  `${"Fresh process each (as the CLI and CI run it)".padEnd(54)}${"wall".padStart(10)}${"cpu".padStart(10)}  vs floor (wall, cpu)`,
);
row("floor: read + ts.createSourceFile", "floor", "floor");
row("reference: same, trees kept with parent links", "kept", "floor");
row("codegen cold: generate()", "cold", "floor");
row("errand-codegen bin, process start to exit", "bin");
console.log("One long-lived process");
row("floor: read + ts.createSourceFile", "warmFloor", "warmFloor");
row("codegen full run, new generator each time", "warmCold", "warmFloor");
row("watch rerun: rescan all, nothing changed", "rerun");
row("watch update: one file, task renamed (writes)", "renamed");
row("watch update: one file, body edited (no write)", "bodyOnly");
