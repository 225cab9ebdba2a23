import { createTasksClient } from "@errand/client";
import {
  createErrand,
  defineTask,
  type Errand,
  type ErrandHooks,
  memoryStore,
  type Store,
} from "@errand/core";
import { z } from "zod";
import { createTasksServer, type TasksRouterOptions, type TasksServerRouter } from "../src/index.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const sendEmail = defineTask({
  name: "sendEmail",
  description: "Sends one email",
  input: z.object({ to: z.email(), subject: z.string().min(1), sendAt: z.date().optional() }),
  output: z.object({ messageId: z.string(), sentAt: z.date() }),
  retry: { maxAttempts: 2 },
  async run({ input, controller }) {
    return controller.success({ messageId: `msg-${input.to}`, sentAt: new Date(0) });
  },
});

export const resizeImage = defineTask({
  name: "resizeImage",
  input: z.object({ url: z.url(), width: z.number().int().positive() }),
  timeoutMs: 10_000,
  concurrency: { limit: 8, key: (input) => new URL(input.url).host },
  async run({ input, controller, logger }) {
    logger.info({ width: input.width }, "resizing");
    for (const progress of [0.25, 0.5, 0.75]) {
      await controller.status({ progress, message: `step ${progress * 4}` });
      await sleep(60);
    }
    return controller.success({ width: input.width, height: Math.round(input.width / 2) });
  },
});

/** Runs until aborted. */
export const waitForever = defineTask({
  name: "waitForever",
  input: z.object({}),
  async run({ controller, signal }) {
    await controller.status({ progress: 0, message: "waiting" });
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    return controller.abort("stopped by its signal");
  },
});

export const alwaysFails = defineTask({
  name: "alwaysFails",
  input: z.object({ why: z.string() }),
  async run({ input, controller }) {
    return controller.error(new Error(input.why), { retry: false });
  },
});

/** What codegen writes to errand.gen.ts. */
export const tasks = { sendEmail, resizeImage, waitForever, alwaysFails } as const;
export type Tasks = typeof tasks;
export type TestRouter = TasksServerRouter<Tasks>;

export function testErrand(
  options: { store?: Store | undefined; hooks?: ErrandHooks | undefined } = {},
): Errand<Tasks> {
  const errand = createErrand({ tasks, store: options.store ?? memoryStore(), hooks: options.hooks ?? {} });
  // The server has no pino of its own to pass in; quiet core's default logger instead.
  errand.logger.level = "silent";
  return errand;
}

export interface Stack {
  errand: Errand<Tasks>;
  server: Awaited<ReturnType<typeof createTasksServer<Tasks, any>>>;
  client: ReturnType<typeof createTasksClient<TestRouter>>;
  close(): Promise<void>;
}

/** errand + a started runner + the HTTP server on an ephemeral port + a client. */
export async function startStack<TContext extends object = object>(
  options: TasksRouterOptions<TContext> & {
    store?: Store;
    hooks?: ErrandHooks;
    runner?: boolean;
    createContext?: (opts: { req: { headers: Record<string, string | string[] | undefined> } }) => TContext;
    headers?: Record<string, string>;
    maxBodyBytes?: number;
  } = {},
): Promise<Stack> {
  const errand = testErrand(options);
  const runner = options.runner === false ? undefined : errand.runner({ pollIntervalMs: 20 }).start();
  const server = await createTasksServer<Tasks, any>({
    ...options,
    errand,
    port: 0,
    watchIntervalMs: options.watchIntervalMs ?? 20,
    statsIntervalMs: options.statsIntervalMs ?? 20,
  });
  const client = createTasksClient<TestRouter>({ url: server.url, headers: options.headers ?? {} });
  return {
    errand,
    server,
    client,
    async close() {
      await server.close();
      await runner?.stop({ graceMs: 1_000 });
      await errand.close();
    },
  };
}
