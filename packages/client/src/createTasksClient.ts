import type { TaskRecord, TriggerOptions } from "@errand/core";
import {
  createTRPCClient,
  type HTTPHeaders,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
  type TRPCLink,
} from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import { createTaskHandle, type TaskHandle } from "./taskHandle.js";
import type {
  AnyTasksAppRouter,
  inferInputByName,
  inferRecordByName,
  inferRouterTaskNames,
  TaskProgress,
  TaskResult,
  WaitOptions,
} from "./types.js";
import { waitForTask } from "./waitFor.js";
import { watchProgress } from "./watchProgress.js";
import type { WatchSource } from "./watchSource.js";

export interface TasksClientOptions {
  /** The tRPC endpoint: the server's `url`, or where the app serves its router (e.g. ".../trpc"). */
  url: string;
  /** Sent with every request and every watch stream, e.g. `{ authorization: "Bearer ..." }`. */
  headers?: HTTPHeaders | (() => HTTPHeaders | Promise<HTTPHeaders>);
  /** Most calls one batched request carries. Default 100. */
  maxBatchItems?: number;
}

export interface TasksClient<TRouter extends AnyTasksAppRouter> {
  /** The plain tRPC client of the whole router, e.g. `client.trpc.users.me.query()` in an app router. */
  trpc: TRPCClient<TRouter>;
  /** The tasks procedures, as in plain tRPC: `client.tasks.trigger.mutate({ name, input })`. */
  tasks: TRPCClient<TRouter>["tasks"];
  /** Triggers a task and returns a handle typed for it. Throws the `TRPCClientError` if refused. */
  trigger<TName extends inferRouterTaskNames<TRouter>>(
    name: TName,
    input: inferInputByName<TRouter, TName>,
    options?: TriggerOptions,
  ): Promise<TaskHandle<inferRecordByName<TRouter, TName>>>;
  /** A handle for a task you already have the record of (from `get` or `list`). */
  handle<TRecord extends TaskRecord>(record: TRecord): TaskHandle<TRecord>;
  /**
   * Resolves when the task finishes. Given `{ id, name }` (or a handle), the output is typed for
   * that task, and a task of another name resolves as `{ ok: false, reason: "error" }`, code
   * NOT_FOUND; given an id or a record of any task, the result is of any task.
   */
  waitFor<TName extends inferRouterTaskNames<TRouter> = never>(
    task: string | TaskRecord | { id: string; name: TName },
    options?: WaitOptions,
  ): Promise<TaskResult<[TName] extends [never] ? TaskRecord : inferRecordByName<TRouter, TName>>>;
  /** Calls `listener` on each status, progress or message change; returns the unsubscribe function. */
  onProgress(id: string, listener: (progress: TaskProgress<TaskRecord>) => void): () => void;
}

/**
 * A tRPC client for a router with the tasks router under `tasks`: superjson, batched calls, and
 * `watch` over SSE (with the `eventsource` package, since Node 20 has no EventSource).
 *
 * @example
 * const client = createTasksClient<TasksServerRouter<typeof tasks>>({ url: server.url });
 * const handle = await client.trigger("sendEmail", { to: "a@b.c", subject: "Hi" });
 * const result = await handle.result({ timeoutMs: 30_000 });
 * if (result.ok) console.log(result.output.messageId);
 */
export function createTasksClient<TRouter extends AnyTasksAppRouter>(
  options: TasksClientOptions,
): TasksClient<TRouter> {
  const { url, headers } = options;
  const resolveHeaders = async (): Promise<HTTPHeaders> =>
    (typeof headers === "function" ? await headers() : headers) ?? {};
  const links: TRPCLink<any>[] = [
    splitLink({
      condition: (op) => op.type === "subscription",
      true: httpSubscriptionLink({
        url,
        transformer: superjson,
        EventSource,
        // EventSource cannot set headers itself; its fetch can.
        eventSourceOptions: async () => {
          const extra = toHeaderRecord(await resolveHeaders());
          return {
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...extra } }),
          };
        },
      }),
      false: httpBatchLink({
        url,
        transformer: superjson,
        headers: resolveHeaders,
        maxItems: options.maxBatchItems ?? 100,
        // Batched queries travel in the URL; split them before a server's header limit refuses them.
        maxURLLength: 8_000,
      }),
    }),
  ];
  const trpc = createTRPCClient<TRouter>({ links } as never) as TRPCClient<TRouter>;
  const tasks = (trpc as any).tasks as TRPCClient<TRouter>["tasks"];
  const untyped = tasks as unknown as {
    trigger: { mutate(input: unknown): Promise<TaskRecord> };
    watch: WatchSource;
  };
  return {
    trpc,
    tasks,
    async trigger(name, input, triggerOptions) {
      const record = await untyped.trigger.mutate({ name, input, options: triggerOptions });
      return createTaskHandle(untyped.watch, record as any);
    },
    handle: (record) => createTaskHandle(untyped.watch, record),
    waitFor: (task, waitOptions) =>
      (typeof task === "string"
        ? waitForTask(untyped.watch, task, waitOptions)
        : waitForTask(untyped.watch, task.id, waitOptions, task.name)) as Promise<any>,
    onProgress: (id, listener) => watchProgress(untyped.watch, id, listener as any),
  };
}

function toHeaderRecord(headers: HTTPHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) record[key] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return record;
}
