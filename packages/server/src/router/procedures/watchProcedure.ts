import type { TaskRecord, TaskRegistry } from "@errand/core";
import { pollList } from "../../watch/pollList.js";
import { pollTask } from "../../watch/pollTask.js";
import type { TaskWatchEvent } from "../../watch/watchEvent.js";
import type { TasksRouterDeps } from "../deps.js";
import { watchInput } from "../inputs.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

/**
 * Live status, progress and status messages over SSE: `{ id }` for one task (ends when it
 * finishes), `{ filter }` for the newest tasks matching a filter (runs until the client leaves).
 */
export function watchProcedure<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { errand, access, present, watchIntervalMs }: TasksRouterDeps<TRegistry>,
) {
  return base.input(watchInput).subscription(async function* ({
    ctx,
    input,
    signal,
  }): AsyncGenerator<TaskWatchEvent<TaskRecord>, void, unknown> {
    const poll = { intervalMs: watchIntervalMs, signal: signal ?? new AbortController().signal };
    if ("id" in input) await access.checkTask(ctx, "watch", input.id);
    else await access.check(ctx, "watch", input.filter.name);
    const events = "id" in input ? pollTask(errand, input.id, poll) : pollList(errand, input.filter, poll);
    for await (const event of events) {
      yield event.type === "update" ? { type: "update", task: present(event.task) } : event;
    }
  });
}
