import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Browser, openBrowser } from "./support/browser.js";
import { type Stack, startStack } from "./support/stack.js";
import { gates } from "./support/tasks.js";

/*
 * Writes the README's screenshots to docs/. Not part of the suite (it rewrites tracked files):
 * `pnpm --filter @errand/dashboard screenshots`.
 */
const DOCS = fileURLToPath(new URL("../../../docs/", import.meta.url));

describe.skipIf(!process.env.ERRAND_SCREENSHOTS)("screenshots", () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack();
    browser = await openBrowser({
      colorScheme: (process.env.ERRAND_SCREENSHOTS_SCHEME as "dark") ?? "light",
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("list, task and trigger pages", async () => {
    const { tasks } = stack.errand;
    const ok = (result: { isOk(): boolean; value?: unknown }) => result as { value: { id: string } };
    for (let n = 0; n < 6; n++) {
      const email = ok(
        await tasks.trigger({
          name: "sendEmail",
          input: { to: `user${n}@example.com`, subject: `Welcome #${n}`, sendAt: new Date() },
        }),
      ).value;
      void email;
    }
    await tasks.trigger({ name: "charge", input: { customer: "acme", cents: 4_200 } });
    await tasks.trigger({ name: "waitForAbort", input: { label: "nightly sync" } });
    const csv = ok(
      await tasks.trigger({ name: "importCsv", input: { file: "customers.csv", rows: 120_000 } }),
    ).value;
    gates.open(csv.id, 1);
    gates.open(csv.id, 2);
    const second = ok(
      await tasks.trigger({ name: "importCsv", input: { file: "orders.csv", rows: 40_000 } }),
    ).value;
    for (let step = 1; step <= 4; step++) gates.open(second.id, step);

    const { page } = browser;
    await page.goto(stack.url);
    await page.locator(`tr[data-task-id="${csv.id}"] [data-status="running"]`).waitFor();
    await page.locator(`tr[data-task-id="${second.id}"] [data-status="success"]`).waitFor();
    await page.locator('tr [data-status="failed"]').waitFor();
    const scheme = process.env.ERRAND_SCREENSHOTS_SCHEME === "dark" ? "-dark" : "";
    await page.screenshot({ path: path.join(DOCS, `dashboard-list${scheme}.png`) });

    await page.goto(`${stack.url}tasks/${csv.id}`);
    await page.getByText("chunk 2 of 4").waitFor();
    await page.screenshot({ path: path.join(DOCS, `dashboard-task${scheme}.png`) });

    await page.goto(`${stack.url}trigger/sendEmail`);
    await page.getByRole("button", { name: "Trigger sendEmail" }).waitFor();
    await page.screenshot({ path: path.join(DOCS, `dashboard-trigger${scheme}.png`) });

    await page.goto(`${stack.url}overview`);
    await page.locator(".chart").waitFor();
    await page.screenshot({ path: path.join(DOCS, `dashboard-overview${scheme}.png`) });
    gates.open(csv.id, 3);
    gates.open(csv.id, 4);
  });
});
