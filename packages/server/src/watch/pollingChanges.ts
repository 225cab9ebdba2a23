import type { Errand, RegistryTaskRecord, TaskRegistry } from "@errand/core";
import { pollList } from "./pollList.js";
import { pollLogs } from "./pollLogs.js";
import { pollStats } from "./pollStats.js";
import { pollTask } from "./pollTask.js";
import type { TaskChanges } from "./taskChanges.js";

export interface PollingIntervals {
  /** Tasks, lists and logs. */
  intervalMs: number;
  /** Counts: a grouped read over every task, so less often. */
  statsIntervalMs: number;
}

/** `TaskChanges` by reading the store on an interval, until core offers a change feed. */
export function pollingChanges<TRegistry extends TaskRegistry>(
  errand: Errand<TRegistry>,
  { intervalMs, statsIntervalMs }: PollingIntervals,
): TaskChanges<RegistryTaskRecord<TRegistry>> {
  return {
    task: (id, signal) => pollTask(errand, id, { intervalMs, signal }),
    list: (filter, signal) => pollList(errand, filter, { intervalMs, signal }),
    stats: (signal) => pollStats(errand, { intervalMs: statsIntervalMs, signal }),
    logs: (id, signal) => pollLogs(errand, id, { intervalMs, signal }),
  };
}
