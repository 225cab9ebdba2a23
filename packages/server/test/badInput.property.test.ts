import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sqliteStore } from "@errand/sqlite";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTasksServer, type TasksServer } from "../src/index.js";
import { type Tasks, tasks, testErrand } from "./fixtures.js";

/*
 * Thousands of generated bad requests, sent as raw HTTP to the tRPC endpoint: each must get a 4xx
 * with a reason, never a 5xx, and no task may be stored. The store is a real SQLite file.
 */

const MAX_BODY = 4_096;
const dir = mkdtempSync(join(tmpdir(), "errand-badinput-"));
const errand = testErrand({ store: sqliteStore({ path: join(dir, "errand.db") }) });
let server: TasksServer<Tasks>;

beforeAll(async () => {
  server = await createTasksServer({ errand, port: 0, maxBodyBytes: MAX_BODY });
});
afterAll(async () => {
  await server.close();
  await errand.close();
  rmSync(dir, { recursive: true, force: true });
});

type KnownName = "sendEmail" | "resizeImage" | "alwaysFails" | "waitForever";
const knownNames: KnownName[] = ["sendEmail", "resizeImage", "alwaysFails", "waitForever"];
const validEmail = { to: "ada@example.com", subject: "hello" };
const validBody = JSON.stringify({ json: { name: "sendEmail", input: validEmail } });

/** What the server sees after JSON: undefined, NaN and friends do not survive the wire. */
const overTheWire = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
};

const injection = fc.constantFrom(
  "'; DROP TABLE tasks; --",
  '" OR 1=1 --',
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, sent as plain text on purpose
  "${process.exit(1)}",
  "{{7*7}}",
  "__proto__",
  "constructor",
  "\u0000\u0001\uffff",
  "🙂".repeat(40),
  "sendEmail\n",
  " sendEmail",
  "SENDEMAIL",
  "sendEmail; DELETE FROM tasks",
);
const junk = fc.oneof(fc.anything(), injection, fc.string(), fc.jsonValue());

const knownNameWithBadInput = fc
  .record({ name: fc.constantFrom(...knownNames), input: fc.oneof(junk, fc.dictionary(injection, junk)) })
  .filter(({ name, input }) => !tasks[name].input.safeParse(overTheWire(input)).success);

const unknownName = fc
  .record({ name: fc.oneof(fc.string(), injection), input: junk })
  .filter(({ name }) => !(knownNames as string[]).includes(name));

const badOption = fc.oneof(
  fc.record({ priority: fc.oneof(fc.string(), fc.double({ min: 0.1, max: 0.9 }), fc.constant(1e12)) }),
  fc.record({ delayMs: fc.oneof(fc.string(), fc.integer({ max: -1 })) }),
  fc.record({ maxAttempts: fc.oneof(fc.constant(0), fc.string(), fc.integer({ min: 1_001 })) }),
  fc.record({
    idempotencyKey: fc.oneof(fc.constant(""), fc.integer(), fc.string({ minLength: 256, maxLength: 300 })),
  }),
  fc.record({ parentId: fc.oneof(fc.integer(), fc.constant("")) }),
  fc.record({ runAt: fc.oneof(fc.string(), fc.integer()) }), // a Date only arrives as a Date through superjson's meta
  fc.record({ unexpectedOption: fc.jsonValue() }), // options are strict; a JSON value survives the wire
  injection,
);
const validInputBadOptions = badOption.map((options) => ({ name: "sendEmail", input: validEmail, options }));

/** superjson metadata that turns a valid request into a bad one, or that superjson itself refuses. */
const hostileMeta = fc.record({
  path: fc.constantFrom("name", "input", "input.to", "__proto__.polluted", "constructor.prototype.x"),
  type: fc.constantFrom<unknown>(
    "Date",
    "bigint",
    "set",
    "map",
    "regexp",
    "undefined",
    "number",
    ["class", "Evil"],
    ["symbol", "s"],
    ["custom", "x"],
    ["typed-array", "Uint8Array"],
  ),
});

type Sent = {
  path: string;
  method: "GET" | "POST";
  body?: string;
  query?: string;
  anyStatusBelow500?: boolean;
};

const envelope = (json: unknown) => JSON.stringify({ json });

const badTrigger = fc.oneof(
  { weight: 4, arbitrary: knownNameWithBadInput.map(envelope) },
  { weight: 2, arbitrary: unknownName.map(envelope) },
  { weight: 2, arbitrary: validInputBadOptions.map(envelope) },
  {
    weight: 2,
    arbitrary: junk
      .filter((value) => {
        const seen = overTheWire(value);
        return (
          typeof seen !== "object" || seen === null || typeof (seen as { name?: unknown }).name !== "string"
        );
      })
      .map(envelope),
  },
  { weight: 1, arbitrary: knownNameWithBadInput.map((request) => JSON.stringify(request)) }, // no superjson envelope
  {
    weight: 2,
    arbitrary: fc.string().filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    }),
  },
  {
    weight: 1,
    arbitrary: fc.nat({ max: validBody.length - 1 }).map((cut) => validBody.slice(0, cut)),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_BODY + 1, max: MAX_BODY * 4 })
      .map((size) => envelope({ name: "sendEmail", input: { ...validEmail, subject: "x".repeat(size) } })),
  },
  {
    weight: 2,
    arbitrary: hostileMeta.map(({ path, type }) =>
      JSON.stringify({
        json: { name: "sendEmail", input: validEmail },
        meta: { values: { [path]: [type] } },
      }),
    ),
  },
);

const request: fc.Arbitrary<Sent> = fc.oneof(
  {
    weight: 10,
    arbitrary: badTrigger.map((body): Sent => ({ path: "tasks.trigger", method: "POST", body })),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(knownNameWithBadInput, unknownName, validInputBadOptions), {
        minLength: 1,
        maxLength: 4,
      })
      .chain((bad) =>
        fc.shuffledSubarray([...bad, { name: "sendEmail", input: validEmail }], {
          minLength: bad.length + 1,
        }),
      )
      .map((requests): Sent => ({ path: "tasks.triggerMany", method: "POST", body: envelope(requests) })),
  },
  {
    weight: 2,
    arbitrary: fc.array(badTrigger, { minLength: 2, maxLength: 5 }).map(
      (bodies): Sent => ({
        path: Array(bodies.length).fill("tasks.trigger").join(","),
        method: "POST",
        query: "batch=1",
        body: `{${bodies.map((body, i) => `"${i}":${body}`).join(",")}}`,
      }),
    ),
  },
  {
    // Reads and other mutations cannot store a task; they must still never answer 5xx.
    weight: 2,
    arbitrary: fc
      .record({
        procedure: fc.constantFrom("get", "list", "logs", "update", "delete", "abort", "retry"),
        input: junk,
      })
      .map(({ procedure, input }): Sent => {
        const isQuery = ["get", "list", "logs"].includes(procedure);
        const encoded = envelope(input) ?? "";
        return isQuery
          ? {
              path: `tasks.${procedure}`,
              method: "GET",
              query: `input=${encodeURIComponent(encoded)}`,
              anyStatusBelow500: true,
            }
          : { path: `tasks.${procedure}`, method: "POST", body: encoded, anyStatusBelow500: true };
      }),
  },
);

async function send(sent: Sent) {
  const url = `${server.url}/${sent.path}${sent.query ? `?${sent.query}` : ""}`;
  const response = await fetch(url, {
    method: sent.method,
    headers: sent.body === undefined ? {} : { "content-type": "application/json" },
    body: sent.body,
  });
  return { status: response.status, text: await response.text() };
}

function errorsIn(text: string): { message: string; data: { httpStatus: number } }[] {
  const parsed = JSON.parse(text) as unknown;
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map(
    (item) => (item as { error: { json: { message: string; data: { httpStatus: number } } } }).error.json,
  );
}

async function checkRefused(sent: Sent) {
  const { status, text } = await send(sent);
  expect(status, text).toBeLessThan(500);
  if (sent.anyStatusBelow500) return;
  // A batch whose calls fail differently answers 207, each call carrying its own status.
  if (status !== 207) expect(status, text).toBeGreaterThanOrEqual(400);
  for (const error of errorsIn(text)) {
    expect(error.data.httpStatus, text).toBeGreaterThanOrEqual(400);
    expect(error.data.httpStatus, text).toBeLessThan(500);
    expect(error.message.length, text).toBeGreaterThan(0);
  }
}

describe("bad requests over HTTP", () => {
  it("get a 4xx with a reason, never a 5xx, and store nothing (3,000 requests)", async () => {
    await fc.assert(
      // Four at a time: concurrent bad requests must not disturb each other, and the run stays short.
      fc.asyncProperty(fc.array(request, { minLength: 4, maxLength: 4 }), async (batch) => {
        await Promise.all(batch.map(checkRefused));
      }),
      { numRuns: 750 },
    );
    const stats = (await errand.tasks.stats()).unwrap();
    expect(Object.values(stats.total).reduce((sum, n) => sum + n, 0)).toBe(0);
    expect((await errand.tasks.list()).unwrap().items).toEqual([]);
  }, 600_000); // 3,000 HTTP requests: minutes on a loaded machine

  it("stores the same request once it is valid (the oracle above can fail)", async () => {
    const { status } = await send({
      path: "tasks.trigger",
      method: "POST",
      body: envelope({ name: "sendEmail", input: validEmail }),
    });
    expect(status).toBe(200);
    expect((await errand.tasks.stats()).unwrap().total.pending).toBe(1);
  });
});
