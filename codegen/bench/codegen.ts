/**
 * Codegen speed on a generated app of 1,000 task files, against the floor of reading and parsing
 * the same files with `ts.createSourceFile`. Run: `npx tsx codegen/bench/codegen.ts [files] [runs]`.
 * Prints medians of wall time and, as a cross-check on a busy machine, of this process's CPU time.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { ts } from "ts-morph";
import { createGenerator, resolveConfig } from "../src/index.js";

// Each measurement starts from a collected heap, so none pays for the garbage of the one before.
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (collectGarbage === undefined) {
  const script = fileURLToPath(import.meta.url);
  const args = ["--expose-gc", "--import", "tsx", script, ...process.argv.slice(2)];
  process.exit(spawnSync(process.execPath, args, { stdio: "inherit" }).status ?? 1);
}

const fileCount = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 9);

function taskSource(i: number, name = `task${i}`): string {
  return `import { defineTask } from "@errand/core";
import { z } from "zod";
import { helper } from "../../lib/helper.js";

const retries = ${i % 5};

export const task${i} = defineTask({
  name: "${name}",
  description: "Benchmark task number ${i}",
  input: z.object({
    id: z.string().uuid(),
    count: z.number().int().min(0),
    tags: z.array(z.string()).max(10),
    options: z.object({ dryRun: z.boolean(), priority: z.enum(["low", "high"]) }).partial(),
  }),
  async run({ input, controller }) {
    const started = Date.now();
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (input.options.dryRun) break;
      await helper(input.id, input.count + attempt);
    }
    return controller.success({ id: input.id, took: Date.now() - started, tags: input.tags.length });
  },
});
`;
}

function makeApp(count: number): { cwd: string; files: string[] } {
  const cwd = mkdtempSync(path.join(tmpdir(), "errand-codegen-bench-"));
  const files: string[] = [];
  mkdirSync(path.join(cwd, "src/lib"), { recursive: true });
  writeFileSync(
    path.join(cwd, "src/lib/helper.ts"),
    "export async function helper(id: string, n: number) {}\n",
  );
  for (let i = 0; i < count; i++) {
    const dir = path.join(cwd, "src/tasks", `group${String(i % 50).padStart(2, "0")}`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `task${i}.ts`);
    writeFileSync(file, taskSource(i));
    files.push(file);
  }
  return { cwd, files };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Sample = { wall: number; cpu: number };

async function time(fn: () => unknown): Promise<Sample> {
  collectGarbage!();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

const { cwd, files } = makeApp(fileCount);
const config = resolveConfig({ cwd }).unwrap();

function parseFloor(): void {
  for (const file of files) ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
}

/** Not a target: the floor plus what any reusable project holds, every tree kept with parent links. */
function parseAndKeep(): ts.SourceFile[] {
  return files.map((file) =>
    ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true),
  );
}

async function coldRun(): Promise<void> {
  rmSync(config.output, { force: true });
  const { tasks } = (await createGenerator(config).run()).unwrap();
  if (tasks.length !== fileCount) throw new Error(`cold run found ${tasks.length} tasks`);
}

const floor: Sample[] = [];
const keptTrees: Sample[] = [];
const cold: Sample[] = [];
const firstCold = await time(coldRun);
for (let i = 0; i < runs; i++) {
  floor.push(await time(parseFloor));
  keptTrees.push(await time(parseAndKeep));
  cold.push(await time(coldRun));
}

const generator = createGenerator(config);
await generator.run();
const renamed: Sample[] = [];
const bodyOnly: Sample[] = [];
const changed = files[Math.floor(fileCount / 2)]!;
for (let i = 0; i < runs; i++) {
  writeFileSync(changed, taskSource(fileCount / 2, `renamed${i}`));
  renamed.push(await time(() => generator.run({ type: "update", path: changed })));
  writeFileSync(changed, `${taskSource(fileCount / 2, `renamed${i}`)}// edit ${i}\n`);
  bodyOnly.push(await time(() => generator.run({ type: "update", path: changed })));
}
rmSync(cwd, { recursive: true, force: true });

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
const floorWall = median(floor.map((sample) => sample.wall));
const floorCpu = median(floor.map((sample) => sample.cpu));
const row = (label: string, samples: Sample[], vsFloor = true) => {
  const wall = median(samples.map((sample) => sample.wall));
  const cpu = median(samples.map((sample) => sample.cpu));
  const ratios = vsFloor ? `  ${(wall / floorWall).toFixed(2)}x  ${(cpu / floorCpu).toFixed(2)}x` : "";
  console.log(`  ${label.padEnd(48)}${ms(wall)}${ms(cpu)}${ratios}`);
};
console.log(
  `errand codegen: ${fileCount} task files, medians of ${runs} runs, node ${process.version}, ${cpus().length} CPUs`,
);
console.log(`  ${"".padEnd(48)}${"wall".padStart(10)}${"cpu".padStart(10)}  vs floor (wall, cpu)`);
row("floor: read + ts.createSourceFile", floor);
row("reference: same, trees kept with parent links", keptTrees);
row("codegen cold: new generator, scan to write", cold);
row("codegen cold: first run in this process", [firstCold]);
row("watch update: one file, task renamed (writes)", renamed, false);
row("watch update: one file, body edited (no write)", bodyOnly, false);
