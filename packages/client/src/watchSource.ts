import type { TaskRecord } from "@errand/core";

/** What the server's `watch` emits (mirrors `TaskWatchEvent` of @errand/server). */
export type WatchEvent = { type: "update"; task: TaskRecord } | { type: "removed"; id: string };

export interface WatchHandlers {
  onData(event: WatchEvent): void;
  onError(error: unknown): void;
  onComplete(): void;
}

/** `client.tasks.watch`, seen without the router's generics, which the helpers do not need. */
export interface WatchSource {
  subscribe(input: { id: string }, handlers: WatchHandlers): { unsubscribe(): void };
}
