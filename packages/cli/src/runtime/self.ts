import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Whether errand's own code runs from its TypeScript sources (the workspace, under tsx) or as
 * built JS (the published package). From source, a TypeScript loader is necessarily registered.
 */
export const runsFromSource = import.meta.url.endsWith(".ts");

/** The `errand` bin of this copy of errand, for the child processes it starts (`errand dev`). */
export const errandBin = fileURLToPath(
  new URL(runsFromSource ? "../../bin/errand.js" : "../bin.js", import.meta.url),
);

/** @errand/cli's version; src/ and dist/ both sit one level below package.json. */
export const errandVersion: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
).version;
