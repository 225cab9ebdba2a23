import type { RunContext } from "@errand/core";
import type { Mailer } from "./mailer.js";

/** What this app passes to `createErrand({ context })`: every run sends through this mailer. */
export interface AppContext {
  mailer: Mailer;
}

/**
 * Reads the app's part of a run's `context`. An app types its context once with
 * `declare module "@errand/core" { interface Register { context: AppContext } }`; this repository
 * type-checks every example in one program, where that global declaration would apply to all of
 * them, so the example checks the shape here instead.
 */
export function appContext(context: RunContext): AppContext {
  const { mailer } = context as Partial<AppContext>;
  if (!mailer) throw new Error("createErrand({ context: { mailer } }) is missing the mailer");
  return { mailer };
}
