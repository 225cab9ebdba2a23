import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { openApp, startRunner } from "../src/app.js";
import { plannedFailures, startFakeMailServer } from "../src/fakeMailServer.js";
import { campaignRecipients } from "../src/recipients.js";
import type { StoreSettings } from "../src/store.js";
import { dropSchema, freshSchema, PG_URL, pgUnavailable } from "./support/postgres.js";
import { until } from "./support/until.js";

const recipients = campaignRecipients(42);
const deliverable = recipients.filter((to) => to.endsWith("@example.com") && !to.startsWith("bounce@"));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs one campaign to its end on `settings` and returns the campaign, its children and the mail server. */
async function runCampaign(settings: StoreSettings) {
  const mailServer = await startFakeMailServer();
  cleanups.push(() => mailServer.close());
  const app = await openApp(settings, mailServer.url, pino({ level: "silent" }));
  cleanups.push(() => app.close());
  const { id } = (
    await app.tasks.trigger({ name: "sendCampaign", input: { subject: "News", text: "Hi", recipients } })
  ).unwrap();
  startRunner(app);
  const read = async () => (await app.tasks.get(id, { name: "sendCampaign" })).unwrap();
  const campaign = await until(read, (task) => task.status !== "pending" && task.status !== "running");

  const page = (await app.tasks.list({ parentId: id, limit: 1_000 })).unwrap();
  // Each child read with get(): list() in @errand/core 0.1.0 returns an item's index as its input.
  const children = await Promise.all(
    page.items.map(async (item) => (await app.tasks.get(item.id, { name: "sendEmail" })).unwrap()),
  );
  const childOf = (to: string) => {
    const child = children.find((task) => task.input.to === to);
    if (!child) throw new Error(`no child task for ${to}`);
    return child;
  };
  return { campaign, children, childOf, mailServer };
}

function expectCampaignOutcome({
  campaign,
  children,
  childOf,
  mailServer,
}: Awaited<ReturnType<typeof runCampaign>>) {
  expect(campaign.status).toBe("success");
  expect(campaign.output).toEqual({
    sent: deliverable.length,
    failed: 2,
    failedRecipients: expect.arrayContaining(["bounce@example.com", "ops@down.example"]),
  });
  expect(children).toHaveLength(recipients.length);
  expect(children.every((child) => child.name === "sendEmail" && child.parentId === campaign.id)).toBe(true);

  // Each deliverable recipient: success on the attempt after its planned 503s, and one accepted message.
  for (const to of deliverable) {
    const child = childOf(to);
    expect({ to, status: child.status, attempt: child.attempt }).toEqual({
      to,
      status: "success",
      attempt: plannedFailures(to) + 1,
    });
    expect(mailServer.requestsFor(to)).toBe(child.attempt);
  }
  const retried = deliverable.filter((to) => childOf(to).attempt > 1);
  expect(retried.length).toBeGreaterThan(deliverable.length / 3);
  const acceptedTo = mailServer.accepted.map((message) => message.to).sort();
  expect(acceptedTo).toEqual([...deliverable].sort());

  // A permanent rejection is not retried; an outage is retried up to maxAttempts.
  expect(childOf("bounce@example.com")).toMatchObject({ status: "failed", attempt: 1 });
  expect(childOf("bounce@example.com").error?.message).toMatch(/422/);
  expect(childOf("ops@down.example")).toMatchObject({ status: "failed", attempt: 5 });
  expect(mailServer.requestsFor("ops@down.example")).toBe(5);
}

describe("batch-email: a campaign against a flaky mail server", () => {
  it("sends every deliverable recipient exactly once, retrying the 503s (SQLite)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "batch-email-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    expectCampaignOutcome(await runCampaign({ databaseUrl: undefined, schema: "unused", dir }));
  });

  it.skipIf(pgUnavailable !== null)(
    "sends every deliverable recipient exactly once, retrying the 503s (Postgres)",
    async () => {
      const schema = freshSchema();
      cleanups.push(() => dropSchema(schema));
      expectCampaignOutcome(await runCampaign({ databaseUrl: PG_URL, schema, dir: "unused" }));
    },
  );

  it("creates no second child when the fan-out run is delivered again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "batch-email-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const mailServer = await startFakeMailServer();
    cleanups.push(() => mailServer.close());
    const app = await openApp(
      { databaseUrl: undefined, schema: "unused", dir },
      mailServer.url,
      pino({ level: "silent" }),
    );
    cleanups.push(() => app.close());
    const { id } = (
      await app.tasks.trigger({ name: "sendCampaign", input: { subject: "News", text: "Hi", recipients } })
    ).unwrap();
    const read = async () => (await app.tasks.get(id, { name: "sendCampaign" })).unwrap();

    // Only the campaign runs: it fans out, then waits on children nobody sends yet.
    const campaignOnly = app.runner({ names: ["sendCampaign"], pollIntervalMs: 25 }).start();
    await until(read, (task) => task.input.phase === "waiting");
    await campaignOnly.stop();
    // As if the runner had died after the fan-out's insert but before its checkpoint was recorded.
    const waiting = await read();
    (
      await app.tasks.update(id, { name: "sendCampaign", input: { ...waiting.input, phase: "fanOut" } })
    ).unwrap();

    startRunner(app);
    const campaign = await until(read, (task) => task.status === "success");
    expect(campaign.output).toMatchObject({ sent: deliverable.length, failed: 2 });
    const children = (await app.tasks.list({ parentId: id, limit: 1_000 })).unwrap().items;
    expect(children).toHaveLength(recipients.length);
    expect(mailServer.accepted).toHaveLength(deliverable.length);
  });
});
