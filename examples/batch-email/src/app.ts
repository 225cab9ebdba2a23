import { createErrand, type Errand, type Runner } from "@errand/core";
import pino, { type Logger } from "pino";
import type { AppContext } from "./appContext.js";
import { httpMailer } from "./mailer.js";
import { openStore, type StoreSettings } from "./store.js";
import { sendCampaign } from "./tasks/sendCampaign.js";
import { sendEmail } from "./tasks/sendEmail.js";

export const tasks = { sendCampaign, sendEmail };

export type App = Errand<typeof tasks>;

export async function openApp(
  settings: StoreSettings,
  mailUrl: string,
  logger: Logger = pino({ level: "error" }),
): Promise<App> {
  const context: AppContext = { mailer: httpMailer(mailUrl) };
  const errand = createErrand({ tasks, store: openStore(settings), logger, context });
  await errand.ready();
  return errand;
}

export function startRunner(app: App): Runner {
  return app
    .runner({
      concurrency: 20,
      // Retries (backoff from 50 ms) and the campaign's checks (every 200 ms) are delayed runs,
      // which a runner finds by polling: poll at least as often as the shortest delay.
      pollIntervalMs: 25,
    })
    .start();
}
