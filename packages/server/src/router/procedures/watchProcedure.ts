import type { RegistryTaskRecord, TaskRegistry } from "@errand/core";
import { type TrackedEnvelope, tracked } from "@trpc/server";
import { watchList } from "../../watch/listWatch.js";
import { watchTask } from "../../watch/taskWatch.js";
import type { TaskWatchEvent } from "../../watch/watchEvent.js";
import type { TasksRouterDeps } from "../deps.js";
import { watchInput } from "../inputs.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

/**
 * Live status, progress and status messages over SSE: `{ id }` for one task (ends when it
 * finishes), `{ filter }` for the newest tasks matching a filter (runs until the client leaves).
 * Built on `errand.changes`: the store is read only when something watched may have changed.
 * Events are `tracked()`: a client that reconnects resumes after the last one it got.
 */
export function watchProcedure<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { access, present, watchHub, resumePoints }: TasksRouterDeps<TRegistry>,
) {
  return base.input(watchInput).subscription(async function* ({
    ctx,
    input,
    signal,
  }): AsyncGenerator<TrackedEnvelope<TaskWatchEvent<RegistryTaskRecord<TRegistry>>>, void, unknown> {
    const stop = signal ?? new AbortController().signal;
    if ("id" in input) await access.checkTask(ctx, "watch", input.id);
    else await access.check(ctx, "watch", input.filter.name);
    const events =
      "id" in input
        ? watchTask(watchHub, input.id, input.lastEventId, stop)
        : watchList(watchHub, resumePoints, input.filter, input.lastEventId, stop);
    for await (const [id, event] of events) {
      const data = event.type === "update" ? { type: "update" as const, task: present(event.task) } : event;
      yield tracked(id, data as TaskWatchEvent<RegistryTaskRecord<TRegistry>>);
    }
  });
}
