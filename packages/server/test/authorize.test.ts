import { TRPCClientError } from "@errand/client";
import { TRPCError } from "@trpc/server";
import { afterEach, describe, expect, it } from "vitest";
import type { AuthorizeRequest } from "../src/index.js";
import { type Stack, startStack } from "./fixtures.js";

interface UserContext {
  user: { name: string; admin: boolean } | null;
}

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function codeOf(call: Promise<unknown>): Promise<string | undefined> {
  const error = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.data?.code;
}

/** Users trigger; only admins manage; nobody without a user. */
function startWithUsers(asUser: string | undefined, seen: AuthorizeRequest<UserContext>[] = []) {
  return startStack<UserContext>({
    runner: false,
    createContext: ({ req }) => {
      const name = req.headers["x-user"];
      return { user: typeof name === "string" ? { name, admin: name === "root" } : null };
    },
    headers: asUser ? { "x-user": asUser } : {},
    authorize: (request) => {
      seen.push(request);
      if (!request.ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "who are you?" });
      return request.action === "trigger" || request.ctx.user.admin;
    },
  });
}

describe("authorize", () => {
  it("lets users trigger while only admins manage", async () => {
    const seen: AuthorizeRequest<UserContext>[] = [];
    stack = await startWithUsers("ada", seen);
    const { tasks } = stack.client;
    const task = await tasks.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co", subject: "x" } });
    expect(seen.at(-1)).toMatchObject({
      action: "trigger",
      name: "sendEmail",
      ctx: { user: { name: "ada" } },
    });

    expect(await codeOf(tasks.delete.mutate({ id: task.id }))).toBe("FORBIDDEN");
    expect(seen.at(-1)).toMatchObject({ action: "delete", name: "sendEmail" });
    expect(await codeOf(tasks.get.query({ id: task.id }))).toBe("FORBIDDEN");
    expect(await codeOf(tasks.list.query({ name: "sendEmail" }))).toBe("FORBIDDEN");
    expect(seen.at(-1)).toMatchObject({ action: "list", name: "sendEmail" });
    expect(await codeOf(tasks.stats.query())).toBe("FORBIDDEN");
    expect(await codeOf(tasks.definitions.query())).toBe("FORBIDDEN");
    // A missing id is refused the same way, so refused callers cannot probe which ids exist.
    expect(await codeOf(tasks.abort.mutate({ id: "no-such-id" }))).toBe("FORBIDDEN");
    expect(seen.at(-1)).toMatchObject({ action: "abort", name: undefined });
    const watch = await stack.client.waitFor(task.id, { timeoutMs: 2_000 });
    expect(watch).toMatchObject({ ok: false, reason: "error", error: { code: "FORBIDDEN" } });
    expect((await stack.errand.tasks.get(task.id)).isOk()).toBe(true);
  });

  it("lets admins manage", async () => {
    stack = await startWithUsers("root");
    const { tasks } = stack.client;
    const task = await tasks.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co", subject: "x" } });
    expect((await tasks.get.query({ id: task.id })).id).toBe(task.id);
    expect(await tasks.delete.mutate({ id: task.id })).toEqual({ id: task.id });
    expect(await codeOf(tasks.abort.mutate({ id: task.id }))).toBe("NOT_FOUND");
  });

  it("refuses with the authorize function's own UNAUTHORIZED, storing nothing", async () => {
    stack = await startWithUsers(undefined);
    const { tasks } = stack.client;
    expect(
      await codeOf(tasks.trigger.mutate({ name: "sendEmail", input: { to: "a@b.co", subject: "x" } })),
    ).toBe("UNAUTHORIZED");
    expect(
      await codeOf(tasks.triggerMany.mutate([{ name: "sendEmail", input: { to: "a@b.co", subject: "x" } }])),
    ).toBe("UNAUTHORIZED");
    expect((await stack.errand.tasks.stats()).unwrap().total.pending).toBe(0);
  });

  it("checks every task name of a batch", async () => {
    stack = await startStack({
      runner: false,
      authorize: ({ action, name }) => action === "trigger" && name === "sendEmail",
    });
    const code = await codeOf(
      stack.client.tasks.triggerMany.mutate([
        { name: "sendEmail", input: { to: "a@b.co", subject: "x" } },
        { name: "resizeImage", input: { url: "https://example.com/a.png", width: 1 } },
      ]),
    );
    expect(code).toBe("FORBIDDEN");
    expect((await stack.errand.tasks.stats()).unwrap().total.pending).toBe(0);
  });
});
