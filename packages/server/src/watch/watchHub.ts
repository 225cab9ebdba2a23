import type { Errand, ListTasksQuery, TaskChange, TaskError, TaskRecord, TaskRegistry } from "@errand/core";
import { SharedView } from "./sharedView.js";
import { stateId } from "./watchEvent.js";

export type TaskState =
  | { kind: "found"; record: TaskRecord; stateId: string }
  | { kind: "missing"; error: TaskError }
  | { kind: "failed"; error: TaskError };
export type ListState =
  | { kind: "found"; items: { record: TaskRecord; stateId: string }[] }
  | { kind: "failed"; error: TaskError };
export type ListFilter = Omit<ListTasksQuery, "cursor" | "createdFrom" | "createdTo">;

/** A task's reads are spaced at least this far apart; a busy task's progress still moves smoothly. */
const TASK_GAP_MS = 20;
/** A list is re-read on any task's change, so its reads are spaced wider. */
const LIST_GAP_MS = 50;

/**
 * The views every `watch` subscription of one router reads from: one per task id and one per list
 * filter, shared by all their subscribers and re-read only when `errand.changes` says something
 * they show may have changed. When the store cannot report other processes' writes, every view is
 * also re-read every `fallbackMs`.
 */
export class WatchHub {
  private readonly taskViews = new Map<string, SharedView<TaskState>>();
  private readonly listViews = new Map<string, SharedView<ListState>>();
  private stopFeed: (() => void) | undefined;
  private fallback: NodeJS.Timeout | undefined;

  constructor(
    private readonly errand: Errand<TaskRegistry>,
    private readonly fallbackMs: number,
  ) {}

  taskView(id: string): SharedView<TaskState> {
    return this.acquire(this.taskViews, id, TASK_GAP_MS, () => this.readTask(id), sameTask);
  }

  listView(filter: ListFilter): SharedView<ListState> {
    const key = JSON.stringify([filter.name, filter.status, filter.parentId, filter.limit]);
    return this.acquire(this.listViews, key, LIST_GAP_MS, () => this.readList(filter), sameList);
  }

  release(view: SharedView<TaskState> | SharedView<ListState>): void {
    view.subscribers -= 1;
    if (view.subscribers > 0) return;
    view.close();
    for (const views of [this.taskViews, this.listViews]) {
      for (const [key, candidate] of views) if (candidate === view) views.delete(key);
    }
    if (this.taskViews.size + this.listViews.size === 0) {
      this.stopFeed?.();
      this.stopFeed = undefined;
      clearInterval(this.fallback);
      this.fallback = undefined;
    }
  }

  private acquire<TState>(
    views: Map<string, SharedView<TState>>,
    key: string,
    gapMs: number,
    read: () => Promise<TState>,
    same: (a: TState, b: TState) => boolean,
  ): SharedView<TState> {
    this.start();
    let view = views.get(key);
    if (!view) {
      view = new SharedView(read, same, gapMs);
      views.set(key, view);
      view.refresh();
    } else if ((view.state as { kind?: string } | undefined)?.kind === "failed") {
      view.refresh();
    }
    view.subscribers += 1;
    return view;
  }

  private start(): void {
    if (this.stopFeed) return;
    this.stopFeed = this.errand.changes.subscribe((change) => this.changed(change));
    if (!this.errand.changes.seesOtherProcesses) {
      this.fallback = setInterval(() => this.changed({ type: "unknown" }), this.fallbackMs);
      this.fallback.unref();
    }
  }

  private changed(change: TaskChange): void {
    if (change.type === "logs") return;
    if (change.type === "tasks") {
      for (const id of change.ids) this.taskViews.get(id)?.refresh();
    } else {
      for (const view of this.taskViews.values()) view.refresh();
    }
    // Any task's change may move it into or out of a filtered list: only a read can tell.
    for (const view of this.listViews.values()) view.refresh();
  }

  private async readTask(id: string): Promise<TaskState> {
    const found = await this.errand.tasks.get(id);
    if (found.isOk()) return { kind: "found", record: found.value, stateId: stateId(found.value) };
    return found.error.code === "NOT_FOUND"
      ? { kind: "missing", error: found.error }
      : { kind: "failed", error: found.error };
  }

  private async readList(filter: ListFilter): Promise<ListState> {
    const page = await this.errand.tasks.list({ limit: 100, ...filter });
    if (page.isFail()) return { kind: "failed", error: page.error };
    return {
      kind: "found",
      items: page.value.items.map((record) => ({ record, stateId: stateId(record) })),
    };
  }
}

function sameTask(a: TaskState, b: TaskState): boolean {
  if (a.kind === "found" && b.kind === "found") return a.stateId === b.stateId;
  return a.kind === b.kind && a.kind === "missing";
}

function sameList(a: ListState, b: ListState): boolean {
  if (a.kind !== "found" || b.kind !== "found" || a.items.length !== b.items.length) return false;
  return a.items.every((item, i) => item.stateId === b.items[i]!.stateId);
}
