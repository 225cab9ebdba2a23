#!/usr/bin/env node
// The workspace's `errand`: runs the CLI from its TypeScript sources through tsx, so nothing needs
// a build. The published package runs dist/bin.js instead (publishConfig.bin).
import { register } from "tsx/esm/api";

register();
await import("../src/bin.ts");
