import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** One task module of the benchmark app: a realistic size, with a schema and a run body. */
export function taskSource(i: number, name = `task${i}`): string {
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

/** An app of `count` task files in 50 folders under a new temp dir. */
export function makeApp(count: number): { cwd: string; files: string[] } {
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
