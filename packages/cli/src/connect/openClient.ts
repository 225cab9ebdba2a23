import type { TaskRecord, TaskRegistry } from "@errand/core";
import type { TasksServerRouter } from "@errand/server";
import { CliError } from "../cliError.js";
import { changeKey, FINISHED, type TasksConnection } from "./connection.js";

type Router = TasksServerRouter<TaskRegistry>;

/**
 * The management commands over a running server (`errand serve` or `errand dev`), through the
 * typed client: the server validates against the app's own schemas, so the CLI needs no registry.
 */
export async function openClient(url: string): Promise<TasksConnection> {
  const { createTasksClient, TRPCClientError } = await import("@errand/client");
  const client = createTasksClient<Router>({ url });
  const description = `the server at ${url}`;
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw toCliError(error, url, error instanceof TRPCClientError);
    }
  };
  const { tasks } = client;
  return {
    description,
    trigger: ({ name, input, options }) =>
      call(() => tasks.trigger.mutate({ name, input, ...(options ? { options } : {}) } as never)),
    get: (id) => call(() => tasks.get.query({ id })),
    list: (query) => call(() => tasks.list.query(query as never)),
    abort: (id, reason) => call(() => tasks.abort.mutate({ id, ...(reason ? { reason } : {}) })),
    retry: (id) => call(() => tasks.retry.mutate({ id })),
    // The server turns ISO strings in the input into Dates itself (see acceptIsoDates).
    update: (id, patch) => call(() => tasks.update.mutate({ id, patch })),
    delete: (id) => call(() => tasks.delete.mutate({ id })),
    logs: (id, limit) => call(() => tasks.logs.query({ id, ...(limit ? { limit } : {}) })),
    stats: () => call(() => tasks.stats.query()),
    schedules: () => call(() => tasks.schedules.query()),
    pause: (name) => call(() => tasks.pause.mutate({ name })),
    resume: (name) => call(() => tasks.resume.mutate({ name })),
    follow: (id, onChange, signal) =>
      new Promise<TaskRecord | null>((resolve, reject) => {
        let last: string | undefined;
        const finish = (settle: () => void) => {
          subscription.unsubscribe();
          signal.removeEventListener("abort", onAbort);
          settle();
        };
        const onAbort = () => finish(() => resolve(null));
        const subscription = tasks.watch.subscribe(
          { id },
          {
            onData({ data: event }) {
              if (event.type === "removed") {
                return finish(() => reject(new CliError(`task ${id} was deleted while being followed`)));
              }
              const record = event.task as TaskRecord;
              if (changeKey(record) !== last) {
                last = changeKey(record);
                onChange(record);
              }
              if (FINISHED.has(record.status)) finish(() => resolve(record));
            },
            onError: (error) =>
              finish(() => reject(toCliError(error, url, error instanceof TRPCClientError))),
          },
        );
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      }),
    close: async () => {},
  };
}

/** The server's own message for a refusal; for a connection failure, what to start or pass instead. */
function toCliError(error: unknown, url: string, fromServer: boolean): CliError {
  const message = error instanceof Error ? error.message : String(error);
  const reachedServer = fromServer && (error as { data?: unknown }).data !== undefined;
  if (reachedServer) return new CliError(message, 1, { cause: error });
  return new CliError(
    `cannot reach the errand server at ${url} (${rootCause(error)}); start it with \`errand serve\` or \`errand dev\`, pass --url, or pass --db to use the store directly`,
    1,
    { cause: error },
  );
}

function rootCause(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  const code = (current as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : current instanceof Error ? current.message : String(current);
}
