import { TRPCClientError } from "@errand/client";
import { memoryStore, Result, TaskError, TaskErrorCode } from "@errand/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "./fixtures.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function refusal(call: Promise<unknown>): Promise<TRPCClientError<any>> {
  const error = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<any>;
}

async function post(url: string, body: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe("errors over HTTP", () => {
  it("rejects bad input with BAD_REQUEST and the zod issues, storing nothing", async () => {
    stack = await startStack({ runner: false });
    const error = await refusal(
      stack.client.tasks.trigger.mutate({ name: "sendEmail", input: { to: "nope", subject: "" } }),
    );
    expect(error.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, errandCode: "VALIDATION" });
    expect(error.data.issues.map((issue: { path: string[] }) => issue.path.join("."))).toEqual([
      "to",
      "subject",
    ]);
    expect(error.message).toMatch(/Invalid input for task "sendEmail"/);
    const options = await refusal(
      stack.client.tasks.trigger.mutate({
        name: "sendEmail",
        input: { to: "a@b.co", subject: "x" },
        options: { priority: 1.5 } as never,
      }),
    );
    expect(options.data).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: ["priority"] }] });
    expect((await stack.errand.tasks.stats()).unwrap().total.pending).toBe(0);
  });

  it("rejects an unknown task name with BAD_REQUEST, naming the known ones", async () => {
    stack = await startStack({ runner: false });
    const error = await refusal(stack.client.tasks.trigger.mutate({ name: "sendEmial", input: {} } as never));
    expect(error.data).toMatchObject({
      code: "BAD_REQUEST",
      errandCode: "UNKNOWN_TASK",
      details: { name: "sendEmial", known: ["alwaysFails", "resizeImage", "sendEmail", "waitForever"] },
    });
  });

  it("maps an unknown id to NOT_FOUND", async () => {
    stack = await startStack({ runner: false });
    const { tasks } = stack.client;
    for (const call of [
      () => tasks.get.query({ id: "00000000-0000-7000-8000-000000000000" }),
      () => tasks.abort.mutate({ id: "missing" }),
      () => tasks.logs.query({ id: "missing" }),
    ]) {
      expect((await refusal(call())).data).toMatchObject({ code: "NOT_FOUND", errandCode: "NOT_FOUND" });
    }
  });

  it("maps a vetoed trigger to FORBIDDEN", async () => {
    stack = await startStack({
      runner: false,
      hooks: {
        onBeforeTrigger: ({ input }) =>
          (input as { subject?: string }).subject === "spam"
            ? Result.fail(new TaskError(TaskErrorCode.VETOED, "no spam"))
            : undefined,
      },
    });
    const error = await refusal(
      stack.client.tasks.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co", subject: "spam" } }),
    );
    expect(error.data).toMatchObject({ code: "FORBIDDEN", errandCode: "VETOED" });
    expect(error.message).toMatch(/no spam/);
  });

  it("hides a store failure's message and stack, in development and in production", async () => {
    const store = memoryStore();
    store.insert = async () => {
      throw new Error("SQLITE_FULL at /srv/secret/errand.db");
    };
    for (const nodeEnv of ["development", "production"]) {
      const previous = process.env.NODE_ENV;
      process.env.NODE_ENV = nodeEnv;
      try {
        stack = await startStack({ runner: false, store });
      } finally {
        process.env.NODE_ENV = previous;
      }
      const error = await refusal(
        stack.client.tasks.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co", subject: "x" } }),
      );
      expect(error.data).toMatchObject({
        code: "INTERNAL_SERVER_ERROR",
        httpStatus: 500,
        errandCode: "STORE",
      });
      expect(error.data.stack).toBeUndefined();
      expect(error.message).not.toMatch(/secret|SQLITE/);
      const raw = await post(
        `${stack.server.url}/tasks.trigger`,
        JSON.stringify({ json: { name: "sendEmail", input: { to: "a@b.co", subject: "x" } } }),
      );
      expect(raw.status).toBe(500);
      expect(raw.text).not.toMatch(/secret|SQLITE|stack|\.ts:\d+/);
      await stack.close();
      stack = undefined;
    }
  });

  it("answers an unexpected error in core with a 500 marked INTERNAL, without its message or stack", async () => {
    const store = memoryStore();
    const get = store.get.bind(store);
    // A row the store hands back intact but core cannot decode: core's failure, not the driver's.
    store.get = async (id) => {
      const row = await get(id);
      return row && { ...row, input: "{ not superjson at /srv/secret" };
    };
    stack = await startStack({ runner: false, store });
    const { id } = await stack.client.tasks.trigger.mutate({
      name: "sendEmail",
      input: { to: "a@b.co", subject: "x" },
    });
    const error = await refusal(stack.client.tasks.get.query({ id }));
    expect(error.data).toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      httpStatus: 500,
      errandCode: "INTERNAL",
    });
    expect(error.data.stack).toBeUndefined();
    expect(error.message).toBe("Internal server error; the server's log has the details.");
  });

  it("answers malformed JSON, unknown procedures and oversized bodies with a 4xx and a reason", async () => {
    stack = await startStack({ runner: false, maxBodyBytes: 2_000 });
    const malformed = await post(`${stack.server.url}/tasks.trigger`, "{ not json");
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text).error.json).toMatchObject({
      message: expect.stringMatching(/JSON/),
      data: { code: "BAD_REQUEST" },
    });
    const unknown = await post(`${stack.server.url}/tasks.nothing`, "{}");
    expect(unknown.status).toBe(404);
    const big = await post(
      `${stack.server.url}/tasks.trigger`,
      JSON.stringify({ json: { name: "sendEmail", input: { to: "a@b.co", subject: "x".repeat(5_000) } } }),
    );
    expect(big.status).toBe(413);
    expect(big.text).toMatch(/PAYLOAD_TOO_LARGE/);
    expect((await stack.errand.tasks.stats()).unwrap().total.pending).toBe(0);
  });
});
