import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate, problemsOf } from "../src/index.js";
import { copyFixture, fixturesDir, problemLines } from "./helpers.js";

/** Scenarios that generate: the output is compared with `fixtures/<name>/__snapshots__/`. */
const generating: { name: string; output?: string; warnings?: string[] }[] = [
  { name: "named-export" },
  { name: "default-export" },
  { name: "re-export" },
  { name: "aliased-import" },
  { name: "namespace-import" },
  { name: "foreign-define-task" },
  { name: "nested-folders" },
  { name: "many-tasks" },
  { name: "bundler-resolution" },
  { name: "package-json-config", output: "generated/registry.gen.ts" },
  { name: "empty" },
  {
    name: "include-warning",
    warnings: [
      'src/legacy/old.ts:4:27 warning outside-include: task "legacyTask" is not in the registry: its file matches no include glob but is imported by src/tasks/index.ts',
      'src/tasks/next.draft.ts:4:26 warning outside-include: task "draftTask" is not in the registry: its file matches an exclude glob but is imported by src/tasks/index.ts',
    ],
  },
];

/** Scenarios that must fail with exactly these problems and write nothing. */
const failing: { name: string; errors: string[] }[] = [
  {
    name: "duplicate-name",
    errors: [
      'src/legacy/email.ts:4:31 error duplicate-name: task name "sendEmail" is also used by the task at src/email.ts:4:26',
    ],
  },
  {
    name: "name-not-literal",
    errors: [
      "src/tasks.ts:7:42 error name-not-literal: the task name is not a string literal, so it cannot be read without running the code",
      "src/tasks.ts:10:3 error name-not-literal: the task name is not a string literal, so it cannot be read without running the code",
      "src/tasks.ts:16:43 error name-not-literal: the task name is not a string literal, so it cannot be read without running the code",
      "src/tasks.ts:19:38 error name-not-literal: defineTask's argument is not an object literal, so its name cannot be read",
    ],
  },
  {
    name: "invalid-name",
    errors: [
      'src/tasks.ts:4:46 error invalid-name: task name "1st-task" breaks the naming rule /^[A-Za-z][\\w.-]*$/ (at most 200 characters)',
      'src/tasks.ts:7:9 error invalid-name: task name "send email" breaks the naming rule /^[A-Za-z][\\w.-]*$/ (at most 200 characters)',
      'src/tasks.ts:12:41 error invalid-name: task name "" breaks the naming rule /^[A-Za-z][\\w.-]*$/ (at most 200 characters)',
      `src/tasks.ts:14:43 error invalid-name: task name "${"x".repeat(201)}" breaks the naming rule /^[A-Za-z][\\w.-]*$/ (at most 200 characters)`,
    ],
  },
  {
    name: "not-exported",
    errors: [
      'src/tasks.ts:4:19 error not-exported: task "forgotten" is defined but not exported, so the registry cannot import it',
      'src/tasks.ts:11:10 error not-exported: task "madeInAFunction" is defined but not exported, so the registry cannot import it',
    ],
  },
  {
    name: "invalid-schedule",
    errors: [
      'src/tasks.ts:9:13 error invalid-schedule: cron "61 * * * *" does not parse: CronPattern: Invalid value for minute: 61',
      'src/tasks.ts:10:36 error invalid-schedule: unknown time zone "Mars/Olympus"; use an IANA name such as "Europe/Berlin" or "UTC"',
      'src/tasks.ts:18:21 error invalid-schedule: cron "every hour" has 2 fields; give 5 (minute hour day month weekday) or 6 (seconds first)',
    ],
  },
  {
    name: "parse-error",
    errors: ["src/broken.ts:6:3 error parse-error: ',' expected."],
  },
];

describe("fixtures that generate", () => {
  it.each(generating)("$name", async ({ name, output = "src/errand.gen.ts", warnings = [] }) => {
    const cwd = copyFixture(name);
    const result = await generate({ cwd });
    expect(problemLines(problemsOf(result), cwd)).toEqual(warnings);
    expect(result.ok).toBe(true);

    const registry = path.join(cwd, output);
    const manifest = path.join(path.dirname(registry), "errand.manifest.json");
    const snapshots = path.join(fixturesDir, name, "__snapshots__");
    await expect(readFileSync(registry, "utf8")).toMatchFileSnapshot(
      path.join(snapshots, path.basename(output)),
    );
    await expect(readFileSync(manifest, "utf8")).toMatchFileSnapshot(
      path.join(snapshots, "errand.manifest.json"),
    );

    // Deterministic: a second run over the same sources changes nothing.
    const again = await generate({ cwd });
    expect(again.unwrap().files.map((file) => file.status)).toEqual(["unchanged", "unchanged"]);
  });
});

describe("fixtures that fail", () => {
  it.each(failing)("$name", async ({ name, errors }) => {
    const cwd = copyFixture(name);
    const result = await generate({ cwd });
    expect(result.ok).toBe(false);
    expect(problemLines(problemsOf(result), cwd)).toEqual(errors);
    for (const problem of problemsOf(result)) expect(problem.fix).toMatch(/^[^\n]+$/);
    expect(existsSync(path.join(cwd, "src/errand.gen.ts"))).toBe(false);
    expect(existsSync(path.join(cwd, "src/errand.manifest.json"))).toBe(false);
  });
});
