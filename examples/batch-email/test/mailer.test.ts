import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeMailServer, plannedFailures, startFakeMailServer } from "../src/fakeMailServer.js";
import { httpMailer, type Mailer } from "../src/mailer.js";

let server: FakeMailServer;
let mailer: Mailer;
beforeAll(async () => {
  server = await startFakeMailServer();
  mailer = httpMailer(server.url);
});
afterAll(() => server.close());

const email = (to: string) => ({ to, subject: "Hi", text: "Hello" });
const options = (idempotencyKey: string) => ({ idempotencyKey, signal: AbortSignal.timeout(5_000) });
const firstWith = (failures: number) => {
  for (let i = 0; ; i++) if (plannedFailures(`p${i}@example.com`) === failures) return `p${i}@example.com`;
};

describe("httpMailer against the fake mail server", () => {
  it("gets 503s (retryable) for the planned number of requests, then the message is accepted", async () => {
    const to = firstWith(2);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await mailer.send(email(to), options("key-a")));
    expect(results.map((r) => r.ok || r.retryable)).toEqual([true, true, true]);
    expect(results.map((r) => r.ok)).toEqual([false, false, true]);
  });

  it("accepts a repeated idempotency key once and answers it with the same message id", async () => {
    const to = firstWith(0);
    const first = await mailer.send(email(to), options("key-b"));
    const again = await mailer.send(email(to), options("key-b"));
    expect(first.ok && again.ok && again.messageId === first.messageId).toBe(true);
    expect(server.accepted.filter((message) => message.to === to)).toHaveLength(1);
  });

  it("treats a rejected mailbox as final and a lost connection as retryable", async () => {
    expect(await mailer.send(email("bounce@example.com"), options("key-c"))).toEqual({
      ok: false,
      retryable: false,
      reason: "422 mailbox does not exist",
    });
    const closed = httpMailer("http://127.0.0.1:1");
    expect(await closed.send(email("a@example.com"), options("key-d"))).toMatchObject({
      ok: false,
      retryable: true,
    });
  });
});
