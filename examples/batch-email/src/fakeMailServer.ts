import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface AcceptedMessage {
  messageId: string;
  to: string;
  subject: string;
  idempotencyKey: string;
}

export interface FakeMailServer {
  /** `POST {url}/messages` with `{ to, subject, text }` and an `Idempotency-Key` header. */
  url: string;
  /** One entry per accepted message: a repeated idempotency key is not accepted again. */
  accepted: AcceptedMessage[];
  /** How many requests came for `to`, failed ones included. */
  requestsFor(to: string): number;
  close(): Promise<void>;
}

/**
 * How many times the server answers 503 to `to` before accepting: 0, 1 or 2, decided by a hash of
 * the address, so every run of the example and its test fails the same sends.
 */
export function plannedFailures(to: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < to.length; i++) hash = Math.imul(hash ^ to.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % 3;
}

/**
 * A mail API on loopback that fails like a real one: `bounce@...` is rejected for good (422),
 * anything `@down.example` is unavailable for ever (503), and every other address gets
 * `plannedFailures(to)` 503s before it is accepted (202).
 */
export async function startFakeMailServer(): Promise<FakeMailServer> {
  const accepted: AcceptedMessage[] = [];
  const byKey = new Map<string, AcceptedMessage>();
  const requests = new Map<string, number>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, body: object) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const message = req.method === "POST" && req.url === "/messages" ? await readMessage(req) : undefined;
    const idempotencyKey = req.headers["idempotency-key"];
    if (!message || typeof idempotencyKey !== "string") {
      return reply(400, { error: "POST /messages with { to, subject, text } and an Idempotency-Key" });
    }
    const count = (requests.get(message.to) ?? 0) + 1;
    requests.set(message.to, count);
    if (message.to.startsWith("bounce@")) return reply(422, { error: "mailbox does not exist" });
    if (message.to.endsWith("@down.example") || count <= plannedFailures(message.to)) {
      return reply(503, { error: "service unavailable, try again later" });
    }
    const earlier = byKey.get(idempotencyKey);
    if (earlier) return reply(200, { messageId: earlier.messageId });
    const sent = { messageId: randomUUID(), to: message.to, subject: message.subject, idempotencyKey };
    byKey.set(idempotencyKey, sent);
    accepted.push(sent);
    return reply(202, { messageId: sent.messageId });
  };
  // A client that hangs up mid-request must not crash the example with an unhandled rejection.
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requestsFor: (to) => requests.get(to) ?? 0,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function readMessage(req: IncomingMessage): Promise<{ to: string; subject: string } | undefined> {
  let body = "";
  for await (const chunk of req) body += chunk;
  try {
    const parsed = JSON.parse(body) as { to?: unknown; subject?: unknown };
    if (typeof parsed.to !== "string" || typeof parsed.subject !== "string") return undefined;
    return { to: parsed.to, subject: parsed.subject };
  } catch {
    return undefined;
  }
}
