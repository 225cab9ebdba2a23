// A campaign end to end: a flaky mail server on loopback, a runner, progress, and the summary.
import { parseArgs } from "node:util";
import { openApp, startRunner } from "./app.js";
import { startFakeMailServer } from "./fakeMailServer.js";
import { campaignRecipients } from "./recipients.js";
import { storeSettings } from "./store.js";
import { progressLine, watchTask } from "./watchTask.js";

// pnpm passes a `--` through to the script; npm does not.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const { values } = parseArgs({
  args,
  options: { recipients: { type: "string", default: "200" } },
});
const recipients = campaignRecipients(Number(values.recipients));

const mailServer = await startFakeMailServer();
const settings = storeSettings();
console.log(
  settings.databaseUrl ? `Store: Postgres, schema "${settings.schema}"` : `Store: SQLite in ${settings.dir}`,
);
const app = await openApp(settings, mailServer.url);
const started = performance.now();
const campaign = (
  await app.tasks.trigger({
    name: "sendCampaign",
    input: { subject: "Our spring news", text: "Hello!", recipients },
  })
).unwrap();
startRunner(app);

const campaignTask = { get: (id: string) => app.tasks.get(id, { name: "sendCampaign" }) };
const done = await watchTask(campaignTask, campaign.id, (record) => {
  process.stdout.write(process.stdout.isTTY ? `\r${progressLine(record)}` : `${progressLine(record)}\n`);
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const requests = recipients.reduce((sum, to) => sum + mailServer.requestsFor(to), 0);
console.log(`\nCampaign ${done.status} in ${seconds} s`);
if (done.status === "success") {
  console.log(
    `  sent ${done.output.sent}, failed ${done.output.failed}: ${done.output.failedRecipients.join(", ")}`,
  );
}
if (done.error) console.log(`  error: ${done.error.message}`);
console.log(
  `  mail server: ${mailServer.accepted.length} messages accepted, ${requests} requests ` +
    `(${requests - recipients.length} retries)`,
);
await app.close();
await mailServer.close();
