import type { AddressInfo } from "node:net";
import { createTasksClient, TRPCClientError } from "@errand/client";
import { initTRPC } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { afterEach, describe, expect, it } from "vitest";
import { createTasksRouter } from "../src/index.js";
import { testErrand } from "./fixtures.js";

interface AppContext {
  role: "user" | "admin";
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An app with its own initTRPC, context and error formatter, serving its router with tRPC's adapter. */
function buildApp(mount: "with t" | "as is") {
  const t = initTRPC.context<AppContext>().create({
    transformer: superjson,
    // The app's own formatter: it adds a field, and knows nothing of errand.
    errorFormatter: ({ shape }) => ({ ...shape, data: { ...shape.data, app: "mine" } }),
  });
  const errand = testErrand();
  const authorize = ({ ctx, action }: { ctx: AppContext; action: string }) =>
    action === "trigger" || action === "watch" || ctx.role === "admin";
  const tasks =
    mount === "with t"
      ? createTasksRouter(errand, { t, authorize })
      : createTasksRouter(errand, { authorize });
  const appRouter = t.router({
    hello: t.procedure.query(({ ctx }) => `hello ${ctx.role}`),
    tasks,
  });
  return { appRouter, errand };
}

async function serve(mount: "with t" | "as is", role: AppContext["role"]) {
  const { appRouter, errand } = buildApp(mount);
  const server = createHTTPServer({
    router: appRouter,
    basePath: "/trpc/",
    createContext: ({ req }) =>
      ({ role: req.headers["x-role"] === "admin" ? "admin" : "user" }) as AppContext,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const runner = errand.runner({ pollIntervalMs: 20 }).start();
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await runner.stop({ graceMs: 1_000 });
    await errand.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
  return createTasksClient<typeof appRouter>({ url, headers: { "x-role": role } });
}

describe.each(["with t", "as is"] as const)("mounted in an app router (%s)", (mount) => {
  it("triggers, waits and keeps the app's own procedures", async () => {
    const client = await serve(mount, "user");
    expect(await client.trpc.hello.query()).toBe("hello user");
    const handle = await client.trigger("sendEmail", { to: "ada@example.com", subject: "from the app" });
    const result = await handle.result({ timeoutMs: 5_000 });
    if (!result.ok) throw new Error(`task failed: ${result.error.message}`);
    expect(result.output.sentAt).toBeInstanceOf(Date);
  });

  it("passes the app's context to authorize", async () => {
    const user = await serve(mount, "user");
    const record = await user.tasks.trigger.mutate({
      name: "sendEmail",
      input: { to: "a@b.co", subject: "x" },
    });
    const refused = await user.tasks.delete.mutate({ id: record.id }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<any>).data?.code).toBe("FORBIDDEN");
    const admin = await serve(mount, "admin");
    expect((await admin.tasks.stats.query()).total).toBeDefined();
  });

  it("formats tasks errors the errand way, whatever the app's formatter", async () => {
    const client = await serve(mount, "user");
    const error = (await client.tasks.trigger
      .mutate({ name: "sendEmail", input: { to: "nope", subject: "x" } })
      .catch((error: unknown) => error)) as TRPCClientError<any>;
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(error.data).toMatchObject({
      code: "BAD_REQUEST",
      errandCode: "VALIDATION",
      issues: [{ path: ["to"] }],
    });
    expect(error.data.stack).toBeUndefined();
  });
});

describe("createTasksRouter({ t })", () => {
  it("refuses an app root without a transformer that keeps Dates", () => {
    const t = initTRPC.create();
    expect(() => createTasksRouter(testErrand(), { t })).toThrow(/must keep Dates.*superjson/);
  });
});
