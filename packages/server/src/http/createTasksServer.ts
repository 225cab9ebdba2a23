import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Errand, TaskRegistry } from "@errand/core";
import type { TRPCBuiltRouter } from "@trpc/server";
import { type CreateHTTPContextOptions, createHTTPHandler } from "@trpc/server/adapters/standalone";
import {
  createTasksRouter,
  type TasksRouterOptions,
  type TasksRouterRecord,
} from "../router/createTasksRouter.js";
import { createTasksTRPC, type TasksTRPC } from "../router/tasksTRPC.js";

export interface TasksServerOptions<TRegistry extends TaskRegistry, TContext extends object>
  extends TasksRouterOptions<TContext> {
  errand: Errand<TRegistry>;
  /** 0 picks a free port; read it from the returned `port`. */
  port: number;
  /** Default "127.0.0.1": only this machine. Set "0.0.0.0" deliberately, with `authorize`. */
  host?: string;
  /** Builds each request's context (e.g. the user from a header); `authorize` receives it. */
  createContext?: (options: CreateHTTPContextOptions) => TContext | Promise<TContext>;
  /** Requests with a larger body get 413 before any parsing. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Serve the web dashboard (`@errand/dashboard`, installed beside this package) at `/`, with each
   * task's page at `/tasks/<id>`. It calls this server's own procedures, so `authorize` governs it
   * too. Default false.
   */
  dashboard?: boolean;
}

/** The router the standalone server serves: the tasks router under `tasks`. */
export type TasksServerRouter<
  TRegistry extends TaskRegistry,
  TContext extends object = object,
> = TRPCBuiltRouter<TasksTRPC<TContext>["_config"]["$types"], { tasks: TasksRouterRecord<TRegistry> }>;

export interface TasksServer<TRegistry extends TaskRegistry, TContext extends object = object> {
  /** e.g. "http://127.0.0.1:41234": give it to `createTasksClient({ url })`. */
  url: string;
  port: number;
  router: TasksServerRouter<TRegistry, TContext>;
  /** Stops accepting requests and ends open ones, watch streams included. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * An HTTP server for the tasks router alone, over tRPC's standalone adapter, for apps without a
 * server of their own (and for the CLI). Procedures are at `/tasks.<name>`.
 *
 * @example
 * const server = await createTasksServer({ errand, port: 3030 });
 * const client = createTasksClient<TasksServerRouter<typeof tasks>>({ url: server.url });
 */
export async function createTasksServer<TRegistry extends TaskRegistry, TContext extends object = object>(
  options: TasksServerOptions<TRegistry, TContext>,
): Promise<TasksServer<TRegistry, TContext>> {
  const { errand, port, host = "127.0.0.1", createContext, maxBodyBytes = 1024 * 1024 } = options;
  // Typed loosely inside: TContext only matters to `createContext` and `authorize`, checked above.
  const t = createTasksTRPC<any>();
  const router = t.router({ tasks: createTasksRouter(errand, { ...options, t }) });
  const dashboard = options.dashboard ? await loadDashboard() : undefined;
  const trpc = createHTTPHandler({
    router,
    createContext: createContext ?? (() => ({})),
    maxBodySize: maxBodyBytes,
    onError({ error, path }) {
      // Callers get a generic message for these (see formatTasksError); the details go to the log.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        errand.logger.error({ err: error.cause ?? error, path }, "errand server: internal error");
      }
    },
  });
  const server = createServer((req, res) => {
    // Procedures are at /tasks.<name>; every other path is the dashboard's when it is served.
    if (!dashboard || req.url?.startsWith("/tasks.")) return void trpc(req, res);
    dashboard(req, res, () => trpc(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${bound}`,
    port: bound,
    router: router as unknown as TasksServerRouter<TRegistry, TContext>,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Watch streams and keep-alive sockets would hold `close` open until they end on their own.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/*
 * The dashboard is an optional peer: apps that serve only the API never load it (or its assets),
 * and @errand/dashboard does not depend on this package, so neither depends on the other at run time.
 */
async function loadDashboard() {
  let module: typeof import("@errand/dashboard");
  try {
    module = await import("@errand/dashboard");
  } catch (error) {
    throw new Error(
      "createTasksServer({ dashboard: true }) needs the @errand/dashboard package; install it beside @errand/server",
      { cause: error },
    );
  }
  return module.createDashboardHandler({ trpcUrl: "/" });
}
