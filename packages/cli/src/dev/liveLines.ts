import type { TaskRecord, TaskRegistry } from "@errand/core";
import type { TasksServerRouter } from "@errand/server";
import { changeKey } from "../connect/connection.js";
import { taskLine } from "../output/taskLine.js";

/** How many of the newest tasks the live view follows. */
const WATCHED = 100;

export interface LiveLines {
  /** Follows the server's `watch` stream; call again after the server restarted. */
  connect(): void;
  disconnect(): void;
}

/**
 * One line per task state change (status, progress, message), from the server's `watch`
 * subscription. Tasks that last changed before `since` are not printed: `errand dev` shows what
 * happens while it runs, not the store's history. Reconnecting replays the newest tasks, so each
 * task's last printed state is remembered and repeats are skipped.
 */
export async function createLiveLines(
  url: string,
  since: number,
  print: (line: string) => void,
): Promise<LiveLines> {
  const { createTasksClient } = await import("@errand/client");
  const client = createTasksClient<TasksServerRouter<TaskRegistry>>({ url });
  const printed = new Map<string, string>();
  let subscription: { unsubscribe(): void } | undefined;
  const disconnect = () => {
    subscription?.unsubscribe();
    subscription = undefined;
  };
  return {
    connect() {
      disconnect();
      subscription = client.tasks.watch.subscribe(
        { filter: { limit: WATCHED } },
        {
          onData({ data: event }) {
            if (event.type !== "update") return;
            const record = event.task as TaskRecord;
            const key = changeKey(record);
            if (printed.get(record.id) === key || record.updatedAt.getTime() < since) return;
            printed.set(record.id, key);
            print(`${record.updatedAt.toTimeString().slice(0, 8)} ${taskLine(record)}`);
          },
          // The stream breaks when the server restarts; `connect` is called again once it is back.
          onError() {},
        },
      );
    },
    disconnect,
  };
}
