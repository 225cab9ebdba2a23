#!/usr/bin/env node
// The workspace runs from source: tsx is registered once here, so the CLI itself, the app's
// errand.config.ts, its generated registry and its task modules are all plain `import()`s.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
// Started by `errand dev` (or any parent) with an IPC channel, the process would otherwise stay
// alive after its work is done, holding up the parent that waits for it to exit.
if (process.connected) process.disconnect();
