import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "./trpc.js";
import type { TaskRecord, TaskStatus } from "./types.js";

export interface ListFilter {
  name?: string | undefined;
  status?: TaskStatus | undefined;
  parentId?: string | undefined;
}

const newestFirst = (a: TaskRecord, b: TaskRecord) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * One page of tasks, newest first. The first page is live: the `watch` subscription with the same
 * filter sends new and changed tasks, which are merged over the page as they come. Older pages
 * are plain reads (their tasks change too, but they are history).
 */
export function useLiveList(filter: ListFilter, pageSize: number, cursor: string | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = { ...clean(filter), limit: pageSize, ...(cursor ? { cursor } : {}) };
  const page = useQuery(trpc.tasks.list.queryOptions(query));
  const live = cursor === undefined;
  const filterKey = JSON.stringify(clean(filter));

  const [overlay, setOverlay] = useState<{ key: string; tasks: Map<string, TaskRecord | null> }>(() => ({
    key: filterKey,
    tasks: new Map(),
  }));
  if (overlay.key !== filterKey) setOverlay({ key: filterKey, tasks: new Map() });

  // A task that joined or left the page shifts the cursor of the next one: re-read it, once per burst.
  const refresh = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(refresh.current), []);
  const listKey = trpc.tasks.list.queryKey(query);
  const scheduleRefresh = () => {
    clearTimeout(refresh.current);
    refresh.current = setTimeout(() => queryClient.invalidateQueries({ queryKey: listKey }), 300);
  };

  const subscription = useSubscription(
    trpc.tasks.watch.subscriptionOptions(
      { filter: { ...clean(filter), limit: pageSize } },
      {
        enabled: live,
        // Events are tracked (`{ id, data }`) so a reconnect resumes where it stopped.
        onData({ data: event }) {
          setOverlay((current) => {
            const tasks = new Map(current.tasks);
            const known = tasks.has(event.type === "update" ? event.task.id : event.id);
            if (event.type === "update") tasks.set(event.task.id, event.task as TaskRecord);
            else tasks.set(event.id, null);
            if (!known || event.type === "removed") scheduleRefresh();
            return { key: current.key, tasks };
          });
        },
      },
    ),
  );

  const tasks = useMemo(() => {
    const items = (page.data?.items ?? []) as TaskRecord[];
    if (!live) return items;
    const merged = new Map(items.map((task) => [task.id, task]));
    for (const [id, task] of overlay.tasks) {
      if (task === null) merged.delete(id);
      else {
        const existing = merged.get(id);
        if (!existing || existing.updatedAt.getTime() <= task.updatedAt.getTime()) merged.set(id, task);
      }
    }
    return [...merged.values()].sort(newestFirst).slice(0, pageSize);
  }, [page.data, overlay, live, pageSize]);

  return {
    tasks,
    nextCursor: page.data?.nextCursor ?? null,
    isLoading: page.isLoading,
    error: page.error ?? subscription.error,
    live: live && subscription.status === "pending",
  };
}

function clean(filter: ListFilter): ListFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value)) as ListFilter;
}
