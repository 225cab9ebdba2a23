import type { Logger } from "pino";
import type { ScheduleEntry } from "../schedule/scheduleConfig.js";
import type { Store } from "../store/store.js";
import type { AnyTaskDefinition } from "../task/definition.js";
import type { ErrandHooks } from "./hooks.js";
import type { InsertCoalescer } from "./insertCoalescer.js";

/** What the task manager and the runners of one errand instance share. */
export interface ErrandRuntime {
  readonly definitions: ReadonlyMap<string, AnyTaskDefinition>;
  /** Each task's checked schedules (tasks without any are absent). */
  readonly schedules: ReadonlyMap<string, readonly ScheduleEntry[]>;
  readonly store: Store;
  readonly hooks: ErrandHooks;
  readonly logger: Logger;
  readonly context: Record<string, unknown>;
  /** Epoch ms; injectable so tests can move time. */
  now(): number;
  /** Resolves once the store is initialised; every operation awaits it. */
  ready(): Promise<void>;
  readonly signals: RuntimeSignals;
  /** Names this instance's inserts (StoreScope.origin), whose runners it wakes in process. */
  readonly origin: string;
  readonly insertCoalescer: InsertCoalescer;
}

/**
 * In-process wake-ups between the task manager and this process's runners, so a task triggered
 * here starts without waiting for a poll, and an abort reaches a local runner at once.
 */
export class RuntimeSignals {
  private readonly available = new Set<(runAt: number) => void>();
  private readonly aborts = new Set<(id: string, reason: string) => void>();

  /** `runAt`: when the earliest of the new tasks is due (epoch ms); runners wake then. */
  onTasksAvailable(listener: (runAt: number) => void): () => void {
    this.available.add(listener);
    return () => this.available.delete(listener);
  }
  tasksAvailable(runAt = 0): void {
    for (const listener of this.available) listener(runAt);
  }
  onAbortRequested(listener: (id: string, reason: string) => void): () => void {
    this.aborts.add(listener);
    return () => this.aborts.delete(listener);
  }
  abortRequested(id: string, reason: string): void {
    for (const listener of this.aborts) listener(id, reason);
  }
}
