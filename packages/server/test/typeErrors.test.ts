/*
 * The errors users meet for the common mistakes, pinned: each must be short, at the place of the
 * mistake, and never an overload dump. One TypeScript program checks every snippet at once.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
// Virtual files, never written: beside this test so module resolution finds the workspace.
const dir = path.join(repo, "packages/server/test");
const file = (name: string) => path.join(dir, `typeErrors.snippet.${name}.ts`);

/** 30 more tasks: past 25 union members TypeScript stops naming the matching one in errors. */
const filler = Array.from(
  { length: 30 },
  (_, i) =>
    `export const t${i} = defineTask({ name: "t${i}", input: z.object({ f${i}: z.string(), g${i}: z.number() }), run: ({ controller }) => controller.success({ n${i}: 1 }) });`,
).join("\n");

const tasksFile = `import { defineTask } from "@errand/core";
import { z } from "zod";
export const sendEmail = defineTask({
  name: "sendEmail",
  input: z.object({ to: z.string(), subject: z.string() }),
  output: z.object({ messageId: z.string() }),
  run: ({ controller }) => controller.success({ messageId: "m" }),
});
export const resize = defineTask({
  name: "resize",
  input: z.object({ url: z.string(), width: z.number() }),
  run: ({ input, controller }) => controller.success({ url: input.url }),
});
${filler}
`;

/** Each snippet: the line with the mistake ends in `// <- name`; `expected` is what tsc must say there. */
const snippets: Record<string, { code: string; expected: string }> = {
  typoInName: {
    code: `await errand.tasks.trigger({ name: "sendEmial", input: { to: "a", subject: "b" } }); // <-`,
    expected: `Type '"sendEmial"' is not assignable to type`,
  },
  missingField: {
    code: `await errand.tasks.trigger({ name: "sendEmail", input: { to: "a" } }); // <-`,
    expected:
      "Property 'subject' is missing in type '{ to: string; }' but required in type '{ to: string; subject: string; }'.",
  },
  wrongFieldType: {
    code: `await errand.tasks.trigger({ name: "resize", input: { url: "u", width: "3" } }); // <-`,
    expected: "Type 'string' is not assignable to type 'number'.",
  },
  clientWrongFieldType: {
    code: `await client.tasks.trigger.mutate({ name: "resize", input: { url: "u", width: "3" } }); // <-`,
    expected: "Type 'string' is not assignable to type 'number'.",
  },
  clientUnknownField: {
    code: `await client.tasks.trigger.mutate({ name: "sendEmail", input: { to: "a", subject: "b", cc: "c" } }); // <-`,
    expected:
      "Object literal may only specify known properties, and 'cc' does not exist in type '{ to: string; subject: string; }'.",
  },
  clientHelperMissingField: {
    code: `await client.trigger("resize", { url: "u" }); // <-`,
    expected:
      "Property 'width' is missing in type '{ url: string; }' but required in type '{ url: string; width: number; }'.",
  },
  childWrongFieldType: {
    code: `await errand.tasks.trigger(resize, { url: "u", width: "3" }); // <-`,
    expected: "Type 'string' is not assignable to type 'number'.",
  },
  unionOfNames: {
    code: `const which = "sendEmail" as "sendEmail" | "resize";
await errand.tasks.trigger({ name: which, input: { to: "a", subject: "b" } }); // <-`,
    expected: "errand: `name` must be one task's name, not a union of names; trigger each task on its own",
  },
  wrongOutput: {
    code: `defineTask({
  name: "wrongOutput",
  input: z.object({}),
  output: z.object({ messageId: z.string() }),
  run: ({ controller }) => controller.success({ messageId: 42 }), // <-
});`,
    expected: "Type 'number' is not assignable to type 'string'.",
  },
  forgotReturn: {
    code: `defineTask({
  name: "forgotReturn",
  input: z.object({}),
  run: async ({ controller }) => { // <-
    controller.success({ done: true });
  },
});`,
    expected: "Type 'Promise<void>' is not assignable to type",
  },
};

const header = `import { createTasksClient } from "@errand/client";
import { defineTask, type Errand } from "@errand/core";
import type { TasksServerRouter } from "@errand/server";
import { z } from "zod";
import * as tasks from "./typeErrors.snippet.tasks.js";
import { resize } from "./typeErrors.snippet.tasks.js";
declare const errand: Errand<typeof tasks>;
const client = createTasksClient<TasksServerRouter<typeof tasks>>({ url: "http://127.0.0.1:1" });
void client;
void resize;
`;

let diagnostics: Map<string, { line: number; message: string }[]>;

beforeAll(() => {
  const files = new Map<string, string>([[file("tasks"), tasksFile]]);
  for (const [name, { code }] of Object.entries(snippets)) {
    files.set(file(name), `${header}export async function run() {\n${code}\n}\n`);
  }
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(repo, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  )!;
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile;
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.fileExists = (file) => files.has(file) || ts.sys.fileExists(file);
  const program = ts.createProgram([...files.keys()], { ...config.options, noEmit: true }, host);
  diagnostics = new Map();
  for (const name of Object.keys(snippets)) {
    const source = program.getSourceFile(file(name))!;
    diagnostics.set(
      name,
      program.getSemanticDiagnostics(source).map((d) => ({
        line: source.getLineAndCharacterOfPosition(d.start!).line,
        message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      })),
    );
  }
}, 120_000);

describe("type errors of the common mistakes", () => {
  for (const [name, { code, expected }] of Object.entries(snippets)) {
    it(name, () => {
      const found = diagnostics.get(name)!;
      const markedLine = header.split("\n").length + code.split("\n").findIndex((l) => l.includes("// <-"));
      expect(found.map((d) => d.message)).toEqual([expect.stringContaining(expected)]);
      expect(found[0]!.line).toBe(markedLine);
      expect(found[0]!.message).not.toMatch(/No overload matches/);
      expect(found[0]!.message.split("\n").length).toBeLessThanOrEqual(4);
    });
  }
});
