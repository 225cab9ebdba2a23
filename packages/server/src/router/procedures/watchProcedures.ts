import type { TaskLogLine, TaskRecord, TaskRegistry, TaskStats } from "@errand/core";
import { type TrackedEnvelope, tracked } from "@trpc/server";
import { watchList } from "../../watch/listWatch.js";
import { streamLogs } from "../../watch/logStream.js";
import { streamStats } from "../../watch/statsStream.js";
import { watchTask } from "../../watch/taskWatch.js";
import type { TaskWatchEvent } from "../../watch/watchEvent.js";
import type { TasksRouterDeps } from "../deps.js";
import { idInput, watchInput } from "../inputs.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

const noSignal = () => new AbortController().signal;

/** The live procedures, over SSE. Each starts with the current state and then sends changes. */
export function watchProcedures<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { errand, access, present, watchHub, resumePoints, pollIntervals }: TasksRouterDeps<TRegistry>,
) {
  return {
    /**
     * Status, progress and status messages: `{ id }` for one task (ends when it finishes),
     * `{ filter }` for the newest tasks matching a filter (runs until the client leaves).
     * Built on `errand.changes`: the store is read only when something watched may have changed.
     * Events are `tracked()`: a client that reconnects resumes after the last one it got.
     */
    watch: base.input(watchInput).subscription(async function* ({
      ctx,
      input,
      signal = noSignal(),
    }): AsyncGenerator<TrackedEnvelope<TaskWatchEvent<TaskRecord>>, void, unknown> {
      if ("id" in input) await access.checkTask(ctx, "watch", input.id);
      else await access.check(ctx, "watch", input.filter.name);
      const events =
        "id" in input
          ? watchTask(watchHub, input.id, input.lastEventId, signal)
          : watchList(watchHub, resumePoints, input.filter, input.lastEventId, signal);
      for await (const [id, event] of events) {
        const data = event.type === "update" ? { type: "update" as const, task: present(event.task) } : event;
        yield tracked(id, data as TaskWatchEvent<TaskRecord>);
      }
    }),

    /** The counts of `stats`, sent again whenever they change (read every `statsIntervalMs`). */
    watchStats: base.subscription(async function* ({
      ctx,
      signal = noSignal(),
    }): AsyncGenerator<TaskStats, void, unknown> {
      await access.check(ctx, "stats", undefined);
      yield* streamStats(errand, { intervalMs: pollIntervals.statsMs, signal });
    }),

    /** One task's log: every line so far, then new lines as they are written; ends when it finishes. */
    watchLogs: base.input(idInput).subscription(async function* ({
      ctx,
      input,
      signal = noSignal(),
    }): AsyncGenerator<TaskLogLine[], void, unknown> {
      await access.checkTask(ctx, "logs", input.id);
      yield* streamLogs(errand, input.id, { intervalMs: pollIntervals.logsMs, signal });
    }),
  };
}
