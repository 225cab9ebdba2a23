import type { TaskRecord } from "@errand/core";

/** What the server's `watch` emits (mirrors `TaskWatchEvent` of @errand/server). */
export type WatchEvent = { type: "update"; task: TaskRecord } | { type: "removed"; id: string };

/**
 * Each event comes with its id (tRPC `tracked()`): tRPC's subscription link sends the last one back
 * when it reconnects, and the server resumes from there.
 */
export interface TrackedWatchEvent {
  id: string;
  data: WatchEvent;
}

export interface WatchHandlers {
  onData(event: TrackedWatchEvent): void;
  onError(error: unknown): void;
  onComplete(): void;
}

/** `client.tasks.watch`, seen without the router's generics, which the helpers do not need. */
export interface WatchSource {
  subscribe(input: { id: string }, handlers: WatchHandlers): { unsubscribe(): void };
}
