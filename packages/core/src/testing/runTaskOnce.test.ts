import { readFile } from "node:fs/promises";
import { expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { defineTask } from "../task/defineTask.js";
import { runTaskOnce } from "./runTaskOnce.js";

// docs/concepts.md says what runTaskOnce resolves to; this holds the page to the code.

const greet = defineTask({
  name: "greet",
  input: z.object({ name: z.string().min(1) }),
  run: ({ input, controller }) => controller.success({ message: `Hello, ${input.name}!` }),
});

test("resolves to what docs/concepts.md says: { ok, value: { ...the fields it lists } } or { ok: false, error }", async () => {
  const page = await readFile(new URL("../../../../docs/concepts.md", import.meta.url), "utf8");
  const said = /`\{ ok: true, value: \{ ([\w, ]+) \} \}`/.exec(page);
  expect(said, "docs/concepts.md no longer shows runTaskOnce's result").not.toBeNull();
  expect(page).toContain("`{ ok: false, error }`");

  const run = await runTaskOnce(greet, { name: "Ada" });
  expect(run.ok).toBe(true);
  if (!run.ok) return;
  expect(Object.keys(run.value).sort()).toEqual(said![1]!.split(", ").sort());
  expect(run.value).toMatchObject({ status: "success", output: { message: "Hello, Ada!" } });
  expectTypeOf(run.value.output).toEqualTypeOf<{ message: string } | null>();

  const refused = await runTaskOnce(greet, { name: "" });
  expect(refused).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  expect("isOk" in refused).toBe(false); // a plain object, as the page says, not a Result instance
});
