import { createErrand, type Errand, type Runner } from "@errand/core";
import pino, { type Logger } from "pino";
import type { AppContext } from "./appContext.js";
import { openStore, type StoreSettings } from "./store.js";
import { type ImportTarget, openTarget } from "./target/importTarget.js";
import { importCsv } from "./tasks/importCsv.js";

export const tasks = { importCsv };

export interface App {
  errand: Errand<typeof tasks>;
  target: ImportTarget;
  close(): Promise<void>;
}

export async function openApp(
  settings: StoreSettings,
  logger: Logger = pino({ level: "warn" }),
): Promise<App> {
  const store = openStore(settings);
  let target: ImportTarget | undefined;
  try {
    // errand's migrations create the Postgres schema first, so the target's tables find it there.
    await store.init();
    target = await openTarget(settings);
  } catch (error) {
    await store.close();
    throw error;
  }
  const context: AppContext = { target };
  const errand = createErrand({ tasks, store, logger, context });
  return {
    errand,
    target,
    async close() {
      await errand.close({ graceMs: 5_000 });
      await context.target.close();
    },
  };
}

/** A runner for the import. */
export function startRunner(app: App, leaseMs: number): Runner {
  return app.errand
    .runner({
      concurrency: 2,
      leaseMs,
      // Delayed runs (a pause between chunks, a retry's backoff) are found by polling: keep it short.
      pollIntervalMs: 100,
    })
    .start();
}
