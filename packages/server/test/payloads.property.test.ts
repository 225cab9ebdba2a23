import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTasksClient, TRPCClientError } from "@errand/client";
import { createErrand, defineTask, type Errand, memoryStore, type Store } from "@errand/core";
import { postgresStore } from "@errand/postgres";
import { sqliteStore } from "@errand/sqlite";
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { describePg, dropSchema, freshSchemaName, PG_URL } from "../../postgres/test/support/database.js";
import { createTasksServer, type TasksServer, type TasksServerRouter } from "../src/index.js";

/*
 * Nothing accepted may be unreadable later. Generated JSON and superjson values (refused keys,
 * deep nesting, large arrays, unicode, Dates, Maps, Sets, BigInt, NaN, -0, sparse arrays) go
 * through trigger, get and list on every store, and through the HTTP server: each is either
 * stored and read back as superjson would give it back, or refused at trigger with VALIDATION
 * and not stored. A value that is plainly storable must be stored.
 */

const anything = defineTask({
  name: "anything",
  input: z.object({ data: z.unknown() }),
  run: ({ controller }) => controller.success(),
});
const tasks = { anything } as const;
type Tasks = typeof tasks;

const REFUSED = ["__proto__", "constructor", "prototype"];
const key = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...REFUSED, "__proto", "toString", "hasOwnProperty", "meta", "json"),
  },
);
const unicode = fc.string({ unit: "grapheme", maxLength: 40 });

/** Nests `value` in `levels` arrays or objects. */
const nestedIn = (value: fc.Arbitrary<unknown>, levels: fc.Arbitrary<number>) =>
  fc.tuple(value, levels, fc.boolean()).map(([leaf, n, asObjects]) => {
    let v = leaf;
    for (let i = 0; i < n; i++) v = asObjects ? { a: v } : [v];
    return v;
  });

/** fast-check's JSON values may hold the refused keys themselves; storable ones must not. */
const hasRefusedKey = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  Object.entries(value).some(([k, v]) => REFUSED.includes(k) || hasRefusedKey(v));

const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).filter((value) => !hasRefusedKey(value)),
  unicode,
  fc.date({ noInvalidDate: true }),
  fc.bigInt(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, undefined),
);

/** Values with no refused key and nested at most 60 levels: these must be stored. */
const storable: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    {
      weight: 2,
      arbitrary: fc.dictionary(
        key.filter((k) => !REFUSED.includes(k)),
        tie("value"),
        { maxKeys: 4 },
      ),
    },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }).map((items) => new Set(items)) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(unicode, tie("value")), { maxLength: 3 })
        .map((entries) => new Map(entries)),
    },
    { weight: 1, arbitrary: fc.array(fc.integer(), { minLength: 1_000, maxLength: 3_000 }) },
    {
      weight: 1,
      arbitrary: nestedIn(
        fc.jsonValue({ maxDepth: 1 }).filter((value) => !hasRefusedKey(value)),
        fc.integer({ min: 20, max: 60 }),
      ),
    },
  ),
})).value;

/** An object with own property `key`, as JSON.parse makes it even for `__proto__`. */
function withOwnKey(key: string, value: unknown): object {
  return Object.defineProperty({}, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Anything, including what cannot be stored: refused keys anywhere, nesting past the limit. */
const hostileShallow: fc.Arbitrary<unknown> = fc.oneof(
  storable,
  fc.dictionary(key, storable, { minKeys: 1, maxKeys: 4 }),
  fc.tuple(fc.constantFrom(...REFUSED), storable).map(([k, v]) => ({ x: [withOwnKey(k, v)] })),
  nestedIn(leaf, fc.integer({ min: 95, max: 110 })),
  fc.jsonValue().chain((v) => fc.dictionary(key, fc.constant(v), { maxKeys: 3 })),
);
/** The same and nesting 2,000 deep, which superjson in a client would overflow on before sending. */
const hostile = fc.oneof(hostileShallow, nestedIn(fc.constant(1), fc.constant(2_000)));

/** What a superjson reader gets back for `value`: the reference every store must match. */
const viaSuperjson = (value: unknown) => superjson.parse(superjson.stringify(value));

function silentErrand(store: Store): Errand<Tasks> {
  const errand = createErrand({ tasks, store });
  errand.logger.level = "silent";
  return errand;
}

/** Triggers `data`; either it reads back exactly (get and list) or it was refused and not stored. */
async function roundTrip(errand: Errand<Tasks>, data: unknown, mustStore: boolean) {
  const triggered = await errand.tasks.trigger({ name: "anything", input: { data } });
  if (triggered.isFail()) {
    expect(triggered.error.code, triggered.error.message).toBe("VALIDATION");
    expect(mustStore, `refused a storable value: ${triggered.error.message}`).toBe(false);
    return;
  }
  const id = triggered.value.id;
  const expected = viaSuperjson({ data });
  const got = (await errand.tasks.get(id)).unwrap();
  expect(got.input).toEqual(expected);
  // Readable by every superjson reader, the HTTP transport included.
  expect(viaSuperjson(got)).toEqual(got);
  const listed = (await errand.tasks.list({ limit: 1000 })).unwrap().items.find((t) => t.id === id);
  expect(listed?.input).toEqual(expected);
  expect(viaSuperjson(listed)).toEqual(listed);
  (await errand.tasks.delete(id)).unwrap();
}

function storeSuite(
  name: string,
  open: () => Promise<{ store: Store; cleanup(): Promise<void> }>,
  describeStore: (name: string, body: () => void) => void = describe,
) {
  describeStore(`payloads on the ${name} store`, () => {
    let errand: Errand<Tasks>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const opened = await open();
      cleanup = opened.cleanup;
      errand = silentErrand(opened.store);
      await errand.ready();
    });
    afterAll(async () => {
      await errand.close();
      await cleanup();
    });

    it("stores and reads back every storable value", async () => {
      await fc.assert(
        fc.asyncProperty(storable, (data) => roundTrip(errand, data, true)),
        { numRuns: 150 },
      );
    }, 120_000);

    it("stores faithfully or refuses with VALIDATION anything else, and every list stays readable", async () => {
      await fc.assert(
        fc.asyncProperty(hostile, (data) => roundTrip(errand, data, false)),
        { numRuns: 150 },
      );
      const all = (await errand.tasks.list({ limit: 1000 })).unwrap();
      expect(all.items).toEqual([]);
    }, 120_000);
  });
}

storeSuite("memory", async () => ({ store: memoryStore(), cleanup: async () => {} }));
storeSuite("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "errand-payloads-"));
  return {
    store: sqliteStore({ path: join(dir, "errand.db") }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
storeSuite(
  "Postgres",
  async () => {
    const schema = freshSchemaName();
    return {
      store: postgresStore({ connectionString: PG_URL, schema }),
      cleanup: async () => {
        await dropSchema(schema);
      },
    };
  },
  describePg,
);

describe("payloads over HTTP", () => {
  const dir = mkdtempSync(join(tmpdir(), "errand-payloads-http-"));
  const errand = silentErrand(sqliteStore({ path: join(dir, "errand.db") }));
  let server: TasksServer<Tasks>;
  let client: ReturnType<typeof createTasksClient<TasksServerRouter<Tasks>>>;
  beforeAll(async () => {
    server = await createTasksServer({ errand, port: 0 });
    client = createTasksClient<TasksServerRouter<Tasks>>({ url: server.url });
  });
  afterAll(async () => {
    await server.close();
    await errand.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (path: string, body: string) => {
    const response = await fetch(`${server.url}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    return { status: response.status, text: await response.text() };
  };

  it("answers 400 for a refused payload, and reads stay 200 (4 KB body nested 2,000 deep; refused keys)", async () => {
    const deep = `{"json":{"name":"anything","input":{"data":${"[".repeat(2_000)}${"]".repeat(2_000)}}}}`;
    expect(deep.length).toBeLessThan(4_200);
    const refused = [
      deep,
      '{"json":{"name":"anything","input":{"data":{"prototype":1}}}}',
      '{"json":{"name":"anything","input":{"data":[{"constructor":{"name":"x"}}]}}}',
    ];
    for (const body of refused) {
      const { status, text } = await post("tasks.trigger", body);
      expect(status, text).toBe(400);
      expect(text).toContain("VALIDATION");
      expect(text).toContain("cannot be stored");
    }
    // tRPC's own JSON reading drops a `__proto__` key before errand sees the input.
    const proto = await post(
      "tasks.trigger",
      '{"json":{"name":"anything","input":{"data":{"__proto__":{"polluted":true}}}}}',
    );
    expect(proto.status, proto.text).toBeLessThan(500);
    const list = await fetch(`${server.url}/tasks.list?input=${encodeURIComponent('{"json":{}}')}`);
    expect(list.status).toBe(200);
  });

  it("carries every value over HTTP: stored and read back, or refused with BAD_REQUEST", async () => {
    await fc.assert(
      fc.asyncProperty(hostileShallow, async (data) => {
        let id: string;
        try {
          id = (await client.tasks.trigger.mutate({ name: "anything", input: { data } })).id;
        } catch (error) {
          expect(error).toBeInstanceOf(TRPCClientError);
          const { data: refusal, message } = error as TRPCClientError<any>;
          // The client's own superjson refuses a refused key before sending; the server the rest.
          if (refusal === undefined) expect(message).toMatch(/prototype pollution/);
          else expect(refusal).toMatchObject({ httpStatus: 400, errandCode: "VALIDATION" });
          return;
        }
        const expected = viaSuperjson({ data });
        expect((await client.tasks.get.query({ id })).input).toEqual(expected);
        const page = await client.tasks.list.query({ limit: 1000 });
        expect(page.items.find((t) => t.id === id)?.input).toEqual(expected);
        await client.tasks.delete.mutate({ id });
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
