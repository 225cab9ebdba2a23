import { setTimeout as sleep } from "node:timers/promises";
import type { Errand, Result, TaskError, TaskRegistry } from "@errand/core";
import { CliError } from "../cliError.js";
import { changeKey, FINISHED, type TasksConnection } from "./connection.js";

/** How often `--follow` reads the store when there is no server to stream from. */
const FOLLOW_POLL_MS = 200;

/** The management commands straight on a store (`--db`), through an in-process errand. */
export function errandConnection(errand: Errand<TaskRegistry>, description: string): TasksConnection {
  const { tasks } = errand;
  const unwrap = <T>(result: Result<T, TaskError>) => unwrapOrThrow(result, description);
  return {
    description,
    async trigger({ name, input, options }) {
      // The same conversion the server applies to JSON callers (imported here, on demand).
      const { withIsoDates } = await import("@errand/server");
      const request = withIsoDates(errand, { name, input, ...(options ? { options } : {}) });
      return unwrap(await tasks.trigger(request));
    },
    get: async (id) => unwrap(await tasks.get(id)),
    list: async (query) => unwrap(await tasks.list(query)),
    abort: async (id, reason) => unwrap(await tasks.abort(id, reason)),
    retry: async (id) => unwrap(await tasks.retry(id)),
    async update(id, patch) {
      const { patchWithIsoDates } = await import("@errand/server");
      return unwrap(await tasks.update(id, await patchWithIsoDates(errand, id, patch)));
    },
    delete: async (id) => unwrap(await tasks.delete(id)),
    logs: async (id, limit) => unwrap(await tasks.logs(id, limit ? { limit } : {})),
    stats: async () => unwrap(await tasks.stats()),
    schedules: async () => unwrap(await tasks.schedules()),
    pause: async (name) => unwrap(await tasks.pause(name as never)),
    resume: async (name) => unwrap(await tasks.resume(name as never)),
    async follow(id, onChange, signal) {
      let last: string | undefined;
      while (!signal.aborted) {
        const record = unwrap(await tasks.get(id));
        if (changeKey(record) !== last) {
          last = changeKey(record);
          onChange(record);
        }
        if (FINISHED.has(record.status)) return record;
        await sleep(FOLLOW_POLL_MS, undefined, { signal }).catch(() => {});
      }
      return null;
    },
    close: () => errand.close(),
  };
}

function unwrapOrThrow<T>(result: Result<T, TaskError>, description: string): T {
  if (result.isOk()) return result.value;
  const { code, message } = result.error;
  const fix =
    code === "STORE" ? ` (${description}: check --db, ERRAND_DATABASE_URL or errand.config.ts)` : "";
  throw new CliError(message + fix, 1, { cause: result.error });
}
