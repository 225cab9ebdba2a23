import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderRegistry } from "../../codegen/src/render.js";

/*
 * The apps the type benchmark checks: `count` tasks with distinct 5-10 field zod schemas, the
 * generated registry, createErrand, the tasks router and `calls` client calls; and beside it the
 * reference, a plain tRPC router with one procedure per task and the same calls through its client.
 */

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type Field = { schema: string; value: string };

const kinds: Field[] = [
  { schema: "z.string().min(1)", value: '"s"' },
  { schema: "z.number().int()", value: "1" },
  { schema: "z.boolean()", value: "true" },
  { schema: 'z.enum(["low", "high"])', value: '"low"' },
  { schema: "z.array(z.string()).max(10)", value: '["a"]' },
  { schema: "z.date()", value: "new Date(0)" },
  { schema: "z.object({ x: z.number(), y: z.string().optional() })", value: "{ x: 1 }" },
  { schema: "z.string().optional()", value: "undefined" },
];
const words = ["to", "subject", "count", "enabled", "mode", "tags", "at", "meta", "note", "limit"];

/** Task i's fields: 5 to 10, the first named after the task so no two schemas are the same type. */
function fieldsOf(i: number): [string, Field][] {
  const count = 5 + (i % 6);
  return Array.from({ length: count }, (_, k) => {
    const kind = kinds[(i * 7 + k * 3) % kinds.length]!;
    return [k === 0 ? `id${i}` : `${words[k]}${(i + k) % 13}`, kind];
  });
}

const schemaOf = (i: number) =>
  `z.object({ ${fieldsOf(i)
    .map(([name, field]) => `${name}: ${field.schema}`)
    .join(", ")} })`;
const inputValue = (i: number) =>
  `{ ${fieldsOf(i)
    .filter(([, field]) => field.value !== "undefined")
    .map(([name, field]) => `${name}: ${field.value}`)
    .join(", ")} }`;

function taskModule(i: number): string {
  // Half declare an output schema, half let `controller.success` infer it.
  const output = i % 2 === 0 ? `\n  output: z.object({ id: z.string(), n${i}: z.number() }),` : "";
  return `import { defineTask } from "@errand/core";
import { z } from "zod";

export const t${i} = defineTask({
  name: "t${i}",
  input: ${schemaOf(i)},${output}
  async run({ input, controller }) {
    return controller.success({ id: String(input.id${i}), n${i}: 1 });
  },
});
`;
}

/** Spread the calls over the registry, not all on its first tasks. */
const target = (call: number, count: number) => (call * 7919) % count;

function errandClient(count: number, calls: number): string {
  const lines: string[] = [];
  for (let c = 0; c < calls; c++) {
    const i = target(c, count);
    const name = JSON.stringify(`t${i}`);
    switch (c % 5) {
      case 0:
        lines.push(`  const m${c} = await client.tasks.trigger.mutate({ name: ${name}, input: ${inputValue(i)} });
  use(m${c}.id);`);
        break;
      case 1:
        lines.push(`  const h${c} = await client.trigger(${name}, ${inputValue(i)});
  const r${c} = await h${c}.result();
  if (r${c}.ok) use(r${c}.output.n${i});`);
        break;
      case 2:
        lines.push(`  const e${c} = await errand.tasks.trigger({ name: ${name}, input: ${inputValue(i)} });
  if (e${c}.isOk()) use(e${c}.value.input.id${i});`);
        break;
      case 3:
        lines.push(`  const w${c} = await client.waitFor({ id: "x", name: ${name} });
  if (w${c}.ok) use(w${c}.output.n${i});`);
        break;
      case 4:
        lines.push(`  const g${c} = await client.tasks.get.query({ id: "x" });
  use(g${c}.status);`);
        break;
    }
  }
  return `import { createTasksClient } from "@errand/client";
import type { TasksServerRouter } from "@errand/server";
import { errand } from "./app.js";
import type { Tasks } from "./errand.gen.js";

const client = createTasksClient<TasksServerRouter<Tasks>>({ url: "http://127.0.0.1:1" });
declare function use(value: unknown): void;

export async function calls() {
${lines.join("\n")}
}
`;
}

function referenceRouter(count: number): string {
  const procedures = Array.from(
    { length: count },
    (_, i) =>
      `  t${i}: t.procedure.input(${schemaOf(i)}).mutation(({ input }) => ({ id: String(input.id${i}), n${i}: 1 })),`,
  );
  return `import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";

const t = initTRPC.create({ transformer: superjson });
export const router = t.router({
${procedures.join("\n")}
});
export type Router = typeof router;
`;
}

function referenceClient(count: number, calls: number): string {
  const lines = Array.from({ length: calls }, (_, c) => {
    const i = target(c, count);
    return `  const m${c} = await client.t${i}.mutate(${inputValue(i)});\n  use(m${c}.n${i});`;
  });
  return `import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { Router } from "./router.js";

const client = createTRPCClient<Router>({ links: [httpBatchLink({ url: "http://127.0.0.1:1", transformer: superjson })] });
declare function use(value: unknown): void;

export async function calls() {
${lines.join("\n")}
}
`;
}

function tsconfig(paths: Record<string, string[]>): string {
  return JSON.stringify(
    {
      extends: path.join(repo, "tsconfig.base.json"),
      compilerOptions: { noEmit: true, declaration: false, sourceMap: false, paths },
      include: ["src"],
    },
    null,
    2,
  );
}

/**
 * Where an app's `@errand/*` imports resolve. `dist`: the built declarations, as an app that
 * installed errand sees them (skipLibCheck leaves them unchecked, as it does in node_modules);
 * `src`: errand's own sources, which the check then covers as well.
 */
export type ErrandTypesFrom = "dist" | "src";

const errandPaths = (from: ErrandTypesFrom) =>
  Object.fromEntries(
    ["core", "server", "client"].map((name) => [
      `@errand/${name}`,
      [path.join(repo, `packages/${name}/${from}/index.${from === "dist" ? "d.ts" : "ts"}`)],
    ]),
  );

/** The packages an app imports by name, linked from the workspace's own install. */
function linkDependencies(dir: string) {
  const from = {
    zod: "packages/core/node_modules/zod",
    superjson: "packages/core/node_modules/superjson",
    "@trpc/server": "packages/server/node_modules/@trpc/server",
    "@trpc/client": "packages/client/node_modules/@trpc/client",
    "@types/node": "node_modules/@types/node",
  };
  for (const [name, source] of Object.entries(from)) {
    const link = path.join(dir, "node_modules", name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(realpathSync(path.join(repo, source)), link, "dir");
  }
}

/** Writes the errand app of `count` tasks under `dir`; returns its tsconfig path. */
export function writeErrandApp(
  dir: string,
  count: number,
  calls: number,
  from: ErrandTypesFrom = "dist",
): string {
  mkdirSync(path.join(dir, "src/tasks"), { recursive: true });
  linkDependencies(dir);
  const discovered = Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, "src/tasks", `t${i}.ts`);
    writeFileSync(file, taskModule(i));
    return { name: `t${i}`, file, line: 4, column: 20, exportName: `t${i}` };
  });
  discovered.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const genFile = path.join(dir, "src/errand.gen.ts");
  writeFileSync(genFile, renderRegistry(discovered, genFile, ".js"));
  writeFileSync(
    path.join(dir, "src/app.ts"),
    `import { createErrand, memoryStore } from "@errand/core";
import { createTasksRouter } from "@errand/server";
import { tasks } from "./errand.gen.js";

export const errand = createErrand({ tasks, store: memoryStore() });
export const router = createTasksRouter(errand);
`,
  );
  writeFileSync(path.join(dir, "src/client.ts"), errandClient(count, calls));
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(path.join(dir, "tsconfig.json"), tsconfig(errandPaths(from)));
  return path.join(dir, "tsconfig.json");
}

/**
 * The zod floor: the same schemas and nothing of errand, each read for its input and output types
 * (what any typed use of a schema costs). What an errand app costs above this is errand's own.
 */
function floorModule(i: number): string {
  const output = i % 2 === 0 ? `z.object({ id: z.string(), n${i}: z.number() })` : undefined;
  const read = (schema: string) =>
    `export declare const ${schema}In: z.input<typeof ${schema}>;
export declare const ${schema}Out: z.output<typeof ${schema}>;`;
  return `import { z } from "zod";

export const input${i} = ${schemaOf(i)};
${read(`input${i}`)}
${output ? `export const output${i} = ${output};\n${read(`output${i}`)}\n` : ""}export const use${i} = [input${i}In.id${i}, input${i}Out.id${i}${output ? `, output${i}In.n${i}, output${i}Out.n${i}` : ""}];
`;
}

/** Writes the zod floor of `count` tasks under `dir`; returns its tsconfig path. */
export function writeFloorApp(dir: string, count: number): string {
  mkdirSync(path.join(dir, "src"), { recursive: true });
  linkDependencies(dir);
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, "src", `s${i}.ts`), floorModule(i));
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(path.join(dir, "tsconfig.json"), tsconfig({}));
  return path.join(dir, "tsconfig.json");
}

/** Writes the plain tRPC reference with `count` procedures under `dir`; returns its tsconfig path. */
export function writeReferenceApp(dir: string, count: number, calls: number): string {
  mkdirSync(path.join(dir, "src"), { recursive: true });
  linkDependencies(dir);
  writeFileSync(path.join(dir, "src/router.ts"), referenceRouter(count));
  writeFileSync(path.join(dir, "src/client.ts"), referenceClient(count, calls));
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(path.join(dir, "tsconfig.json"), tsconfig({}));
  return path.join(dir, "tsconfig.json");
}
