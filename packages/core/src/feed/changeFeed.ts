import type { Store } from "../store/store.js";
import type { TaskChange } from "./taskChange.js";

export type TaskChangeListener = (change: TaskChange) => void;

/** An errand's change feed: `errand.changes`. */
export interface TaskChanges {
  /**
   * Calls `listener` after each change to the store's tasks: at once for writes made through any
   * errand in this process on the same store object, and as the store reports them for writes by
   * other processes (see `seesOtherProcesses`). Returns the function that stops listening.
   */
  subscribe(listener: TaskChangeListener): () => void;
  /**
   * True when the store reports other processes' writes (Postgres LISTEN/NOTIFY, SQLite's
   * data_version) or no other process can reach it (memory). False: a reader that must see other
   * processes' writes has to poll as well.
   */
  readonly seesOtherProcesses: boolean;
}

/**
 * One feed per store object, so several errands sharing a store (a server and a runner in one
 * process) see each other's writes. The store's own push is subscribed only while someone listens.
 */
export class ChangeFeed implements TaskChanges {
  private readonly listeners = new Set<TaskChangeListener>();
  private stopStorePush: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly onListenerError: (error: unknown) => void,
  ) {}

  get seesOtherProcesses(): boolean {
    return typeof this.store.watchChanges === "function";
  }

  subscribe(listener: TaskChangeListener): () => void {
    const own = (change: TaskChange) => listener(change);
    this.listeners.add(own);
    if (this.listeners.size === 1 && this.store.watchChanges) {
      this.stopStorePush = this.store.watchChanges((change) => this.emit(change));
    }
    return () => {
      if (!this.listeners.delete(own) || this.listeners.size > 0) return;
      this.stopStorePush?.();
      this.stopStorePush = undefined;
    };
  }

  /** Tells every listener; one that throws is reported and never keeps the others from hearing. */
  emit(change: TaskChange): void {
    if (change.type !== "unknown" && change.ids.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

const feeds = new WeakMap<Store, ChangeFeed>();

/** The feed of `store`, created on first use. */
export function changeFeedOf(store: Store, onListenerError: (error: unknown) => void): ChangeFeed {
  let feed = feeds.get(store);
  if (!feed) {
    feed = new ChangeFeed(store, onListenerError);
    feeds.set(store, feed);
  }
  return feed;
}
