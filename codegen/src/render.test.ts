import { describe, expect, it } from "vitest";
import { importSpecifier, renderRegistry } from "./render.js";

describe("importSpecifier", () => {
  it.each([
    ["/app/src/email/send.ts", ".js", "./email/send.js"],
    ["/app/src/email/send.ts", "", "./email/send"],
    ["/app/src/view.tsx", ".js", "./view.js"],
    ["/app/src/esm.mts", ".js", "./esm.mjs"],
    ["/app/src/esm.mts", "", "./esm.mjs"],
    ["/app/src/cjs.cts", "", "./cjs.cjs"],
    ["/app/lib/shared.ts", ".js", "../lib/shared.js"],
  ] as const)("%s with %j -> %s", (file, extension, expected) => {
    expect(importSpecifier("/app/src", file, extension)).toBe(expected);
  });
});

describe("renderRegistry", () => {
  const task = (name: string, exportName: string, file = "/app/src/tasks.ts") => ({
    name,
    exportName,
    file,
    line: 1,
    column: 1,
  });

  it("quotes names and export names that are not identifiers and keeps aliases unique", () => {
    const output = renderRegistry(
      [task("a-b", "dashed"), task("a.b", "default", "/app/src/dotted.ts"), task("a_b", "kebab-export")],
      "/app/src/errand.gen.ts",
      ".js",
    );
    expect(output).toContain('import task_a_b_2 from "./dotted.js";');
    expect(output).toContain('import { dashed as task_a_b } from "./tasks.js";');
    expect(output).toContain('import { "kebab-export" as task_a_b_3 } from "./tasks.js";');
    expect(output).toContain('  "a-b": task_a_b,\n  "a.b": task_a_b_2,\n  a_b: task_a_b_3,\n');
  });
});
