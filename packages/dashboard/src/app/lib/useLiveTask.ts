import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { keepNewer } from "./keepNewer.js";
import { useTRPC } from "./trpc.js";
import type { TaskLogLine, TaskRecord } from "./types.js";

/**
 * One task, kept current by `watch({ id })`. That stream ends when the task finishes; `restart`
 * opens it again after an action that brings the task back (retry).
 */
export function useLiveTask(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [removed, setRemoved] = useState(false);
  const task = useQuery(trpc.tasks.get.queryOptions({ id }));
  const watch = useSubscription(
    trpc.tasks.watch.subscriptionOptions(
      { id },
      {
        // Events are tracked (`{ id, data }`) so a reconnect resumes where it stopped.
        onData({ data: event }) {
          if (event.type === "update") {
            queryClient.setQueryData(trpc.tasks.get.queryKey({ id }), (current) =>
              keepNewer(current as TaskRecord | undefined, event.task as TaskRecord),
            );
          } else setRemoved(true);
        },
      },
    ),
  );
  return {
    task: task.data as TaskRecord | undefined,
    error: task.error,
    isLoading: task.isLoading,
    removed,
    restart: () => watch.reset(),
  };
}

/** A task's log lines: all so far, then new ones as `watchLogs` sends them. */
export function useLiveLogs(id: string) {
  const trpc = useTRPC();
  const [lines, setLines] = useState<TaskLogLine[]>([]);
  const subscription = useSubscription(
    trpc.tasks.watchLogs.subscriptionOptions(
      { id },
      {
        onStarted: () => setLines([]),
        onData: (batch) => setLines((current) => [...current, ...batch]),
      },
    ),
  );
  return { lines, error: subscription.error, restart: () => subscription.reset() };
}
