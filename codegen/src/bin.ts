#!/usr/bin/env node
// The `errand-codegen` command. Published, this file runs as built JS (dist/bin.js); in the
// workspace, bin/errand-codegen.js registers tsx and runs it from source.
import { runCli } from "./cli.js";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => controller.abort());
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
