import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { expect, test } from "vitest";
import { runErrand } from "./support/runErrand.js";

test("errand --version prints @errand/cli's version", async () => {
  const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
  const printed = await runErrand(["--version"], { cwd: tmpdir() });
  expect(printed).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: "" });
});
