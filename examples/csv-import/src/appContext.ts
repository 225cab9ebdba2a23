import type { RunContext } from "@errand/core";
import type { ImportTarget } from "./target/importTarget.js";

/** What this app passes to `createErrand({ context })`: every run reaches the import target through it. */
export interface AppContext {
  target: ImportTarget;
}

/**
 * Reads the app's part of a run's `context`. An app types its context once with
 * `declare module "@errand/core" { interface Register { context: AppContext } }`; this repository
 * type-checks every example in one program, where that global declaration would apply to all of
 * them, so the example checks the shape here instead.
 */
export function appContext(context: RunContext): AppContext {
  const { target } = context as Partial<AppContext>;
  if (!target) throw new Error("createErrand({ context: { target } }) is missing the import target");
  return { target };
}
