#!/usr/bin/env node
// The `errand` command. Published, this file runs as built JS (dist/bin.js); in the workspace,
// bin/errand.js registers tsx and runs it from source.
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
// Started by `errand dev` (or any parent) with an IPC channel, the process would otherwise stay
// alive after its work is done, holding up the parent that waits for it to exit.
if (process.connected) process.disconnect();
