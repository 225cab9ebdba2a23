#!/usr/bin/env node
// The workspace runs from source, so the bin loads the TypeScript entry through tsx.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli.ts");
const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => controller.abort());
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
