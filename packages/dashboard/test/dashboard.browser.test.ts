import type { TaskManager, TaskRegistry } from "@errand/core";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "./support/browser.js";
import { type Stack, startStack } from "./support/stack.js";
import { gates } from "./support/tasks.js";

/*
 * The real page in headless Chromium against a real createTasksServer, SQLite file and runner.
 * Every wait is on a condition in the page (Playwright's locators poll the DOM), never a sleep.
 */
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  page = await browser.context.newPage();
});
afterEach(async () => {
  await page.close();
});

/** Triggers by name; the tests name tasks of the fixture app, checked by core at run time. */
async function trigger(request: { name: string; input: unknown }) {
  const result = await (stack.errand.tasks as unknown as TaskManager<TaskRegistry>).trigger(request as never);
  if (result.isFail()) throw result.error;
  return result.value;
}

const row = (id: string) => page.locator(`tr[data-task-id="${id}"]`);
const headStatus = (status: string) => page.locator(`.task-head [data-status="${status}"]`);

describe("the dashboard in a browser", { timeout: 90_000 }, () => {
  it("shows a triggered task in the list without a reload, and its status as it changes", async () => {
    await page.goto(stack.url);
    await page.locator(".live.on").waitFor();
    const before = Number(await page.locator('[data-count="all"]').textContent());

    const task = await trigger({ name: "importCsv", input: { file: "live.csv", rows: 400 } });
    await row(task.id).locator('[data-status="pending"], [data-status="running"]').waitFor();
    await page.locator(`[data-count="all"]:text-is("${before + 1}")`).waitFor();

    for (let step = 1; step <= 4; step++) gates.open(task.id, step);
    await row(task.id).locator('[data-status="success"]').waitFor();
    await row(task.id).getByText("imported 400 rows").waitFor();
  });

  it("moves the progress bar and status message on the task's page while it runs", async () => {
    const task = await trigger({ name: "importCsv", input: { file: "progress.csv", rows: 800 } });
    await page.goto(`${stack.url}tasks/${task.id}`);
    await headStatus("running").waitFor();
    for (const [step, percent] of [
      [1, "25%"],
      [2, "50%"],
      [3, "75%"],
    ] as const) {
      gates.open(task.id, step);
      await page.locator(`[data-testid="percent"]:text-is("${percent}")`).waitFor();
      await page.locator(`[data-testid="status-message"]:text-is("imported ${200 * step} rows")`).waitFor();
      // The log tail follows too.
      await page.locator(".log-message", { hasText: `chunk ${step} of 4` }).waitFor();
    }
    expect(await page.getByRole("progressbar", { name: "Task progress" }).getAttribute("aria-valuenow")).toBe(
      "75",
    );
    gates.open(task.id, 4);
    await headStatus("success").waitFor();
    // The output arrives with the final state; its Date is shown as a date, not a string.
    await page.locator(".card", { hasText: "Output" }).locator(".j-date").waitFor();
  });

  it("shows a failed task's error, and Retry runs it again", async () => {
    const task = await trigger({ name: "charge", input: { customer: "acme", cents: 100 } });
    await page.goto(`${stack.url}tasks/${task.id}`);
    await headStatus("failed").waitFor();
    await page.locator(".error-message", { hasText: "card declined for acme" }).waitFor();
    // What the status forbids is disabled, and says why.
    const abort = page.getByRole("button", { name: "Abort" });
    expect(await abort.isDisabled()).toBe(true);
    expect(
      await page.locator(".reason", { hasText: "Only a pending or running task can be aborted." }).count(),
    ).toBe(1);

    await page.getByRole("button", { name: "Retry" }).click();
    await headStatus("success").waitFor();
    await page
      .locator(".card", { hasText: "Output" })
      .getByText(`"ch_${task.id.slice(-6)}"`)
      .waitFor();
    const stored = await stack.errand.tasks.get(task.id);
    expect(stored.isOk() && stored.value.status).toBe("success");
  });

  it("shows zod's issue beside the wrong field, stores nothing, then triggers with good input", async () => {
    const count = async () => {
      const page = await stack.errand.tasks.list({ name: "sendEmail", limit: 1_000 });
      return page.isOk() ? page.value.items.length : Number.NaN;
    };
    const before = await count();
    await page.goto(`${stack.url}trigger/sendEmail`);
    const to = page.locator('[data-path="to"] input');
    await to.fill("not-an-email");
    await page.locator('[data-path="subject"] input').fill("Hello");
    await page.getByRole("button", { name: "Trigger sendEmail" }).click();
    await page.locator('[data-path="to"] .field-error').waitFor();
    expect(await page.locator('[data-path="subject"] .field-error').count()).toBe(0);
    expect(await to.getAttribute("aria-invalid")).toBe("true");
    expect(await count()).toBe(before);

    await to.fill("ada@example.com");
    await page.locator('[data-path="sendAt"] input').fill("2030-01-02T03:04:05");
    await page.getByRole("button", { name: "Trigger sendEmail" }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]+$/);
    const id = page.url().split("/").at(-1)!;
    await page.locator(".task-head h1", { hasText: "sendEmail" }).waitFor();
    const stored = await stack.errand.tasks.get(id);
    if (stored.isFail()) throw stored.error;
    expect(stored.value.input).toMatchObject({ to: "ada@example.com", subject: "Hello", priority: "normal" });
    // The date field sends a Date (superjson), which z.date() accepts.
    expect((stored.value.input as { sendAt: Date }).sendAt).toEqual(new Date(2030, 0, 2, 3, 4, 5));
    expect(await count()).toBe(before + 1);
  });

  it("triggers again from a task's page with its input, edited", async () => {
    const task = await trigger({ name: "charge", input: { customer: "globex", cents: 250 } });
    await page.goto(`${stack.url}tasks/${task.id}`);
    await headStatus("failed").waitFor();
    await page.getByRole("button", { name: "Trigger again…" }).click();
    const cents = page.locator('[data-path="cents"] input');
    await page.locator('[data-path="customer"] input[value="globex"]').waitFor();
    expect(await cents.inputValue()).toBe("250");
    await cents.fill("300");
    await page.getByRole("button", { name: "Trigger charge" }).click();
    await page.waitForURL(
      (url) => /\/tasks\/[0-9a-f-]+$/.test(url.pathname) && !url.pathname.endsWith(task.id),
    );
    const id = page.url().split("/").at(-1)!;
    await page.locator(`.task-head [data-status]`).waitFor();
    const again = await stack.errand.tasks.get(id);
    expect(again.isOk() && again.value.input).toEqual({ customer: "globex", cents: 300 });
  });

  it("aborts a running task", async () => {
    const task = await trigger({ name: "waitForAbort", input: { label: "abort me" } });
    await page.goto(`${stack.url}tasks/${task.id}`);
    await headStatus("running").waitFor();
    expect(await page.getByRole("button", { name: "Delete" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Abort" }).click();
    await headStatus("aborted").waitFor();
    // Now it may be retried or deleted.
    await page.locator('.actions button:text-is("Retry"):not([disabled])').waitFor();
    await page.locator('.actions button:text-is("Delete"):not([disabled])').waitFor();
  });

  it("loads a task's page from a deep link and lists it under a name filter", async () => {
    const task = await trigger({ name: "sendEmail", input: { to: "deep@example.com", subject: "Deep" } });
    await page.goto(`${stack.url}?name=sendEmail`);
    await row(task.id).waitFor();
    expect(await page.locator('tr[data-task-id] .task-name:not(:text-is("sendEmail"))').count()).toBe(0);
    await row(task.id).getByRole("link").click();
    await page.waitForURL(`${stack.url}tasks/${task.id}`);
    await page.reload();
    await page.locator(".json .j-string", { hasText: /^"deep@example\.com"$/ }).waitFor();
  });
});

describe("the dashboard with authorize", { timeout: 90_000 }, () => {
  let guarded: Stack;
  beforeAll(async () => {
    guarded = await startStack({ authorize: ({ action }) => action !== "delete" && action !== "retry" });
  });
  afterAll(async () => {
    await guarded?.close();
  });

  it("disables what authorize refuses, and says so", async () => {
    const result = await guarded.errand.tasks.trigger({ name: "charge", input: { customer: "x", cents: 1 } });
    if (result.isFail()) throw result.error;
    await page.goto(`${guarded.url}tasks/${result.value.id}`);
    await page.locator('.task-head [data-status="failed"]').waitFor();
    await page.locator('.actions button:text-is("Retry")[disabled]').waitFor();
    expect(await page.getByRole("button", { name: "Delete" }).isDisabled()).toBe(true);
    const reasons = await page.locator(".reason").allTextContents();
    expect(reasons.filter((text) => text.includes("not allowed"))).toHaveLength(2);
    expect(await page.getByRole("button", { name: "Trigger again…" }).isDisabled()).toBe(false);
  });
});
