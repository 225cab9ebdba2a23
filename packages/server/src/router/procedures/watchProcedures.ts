import type { RegistryTaskRecord, TaskLogLine, TaskRegistry, TaskStats } from "@errand/core";
import type { TaskWatchEvent } from "../../watch/watchEvent.js";
import type { TasksRouterDeps } from "../deps.js";
import { idInput, watchInput } from "../inputs.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

const noSignal = () => new AbortController().signal;

/**
 * The live procedures, over SSE. Each starts with the current state and then sends changes; they
 * stream from `deps.changes`, so how changes are found (polling today) is not their concern.
 */
export function watchProcedures<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { access, present, changes }: TasksRouterDeps<TRegistry>,
) {
  return {
    /**
     * Status, progress and status messages: `{ id }` for one task (ends when it finishes),
     * `{ filter }` for the newest tasks matching a filter (runs until the client leaves).
     */
    watch: base.input(watchInput).subscription(async function* ({
      ctx,
      input,
      signal = noSignal(),
    }): AsyncGenerator<TaskWatchEvent<RegistryTaskRecord<TRegistry>>, void, unknown> {
      if ("id" in input) await access.checkTask(ctx, "watch", input.id);
      else await access.check(ctx, "watch", input.filter.name);
      const events = "id" in input ? changes.task(input.id, signal) : changes.list(input.filter, signal);
      for await (const event of events) {
        yield event.type === "update" ? { type: "update", task: present(event.task) } : event;
      }
    }),

    /** The counts of `stats`, sent again whenever they change. */
    watchStats: base.subscription(async function* ({
      ctx,
      signal = noSignal(),
    }): AsyncGenerator<TaskStats, void, unknown> {
      await access.check(ctx, "stats", undefined);
      yield* changes.stats(signal);
    }),

    /** One task's log: every line so far, then new lines as they are written; ends when it finishes. */
    watchLogs: base.input(idInput).subscription(async function* ({
      ctx,
      input,
      signal = noSignal(),
    }): AsyncGenerator<TaskLogLine[], void, unknown> {
      await access.checkTask(ctx, "logs", input.id);
      yield* changes.logs(input.id, signal);
    }),
  };
}
