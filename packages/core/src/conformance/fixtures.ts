import type { NewTaskRow } from "../store/rows.js";
import type { Store } from "../store/store.js";
import { newTaskId } from "../util/ids.js";
import { serialize } from "../util/serialization.js";

export interface StoreUnderTest {
  store: Store;
  /** Opens a second, independent connection to the same storage (another pool, another file handle). */
  openAnother?: () => Promise<Store>;
  cleanup(): Promise<void>;
}

export interface StoreConformanceOptions {
  /** Shown in the suite's title. */
  name: string;
  /** A fresh, empty, initialised store for each test. */
  open(): Promise<StoreUnderTest>;
}

/** A fixed clock base so ordering tests never depend on the wall clock. */
export const T0 = 1_700_000_000_000;

export function taskRow(overrides: Partial<NewTaskRow> = {}): NewTaskRow {
  return {
    id: newTaskId(),
    name: "work",
    input: serialize({ n: 1 }),
    maxAttempts: 3,
    priority: 0,
    runAt: T0,
    parentId: null,
    idempotencyKey: null,
    concurrencyKey: null,
    rateKey: null,
    debounceKey: null,
    createdAt: T0,
    ...overrides,
  };
}

/** Ids in creation order: UUIDv7 sorts by time, and within one millisecond by its counter. */
export function orderedRows(count: number, overrides: Partial<NewTaskRow> = {}): NewTaskRow[] {
  return Array.from({ length: count }, () => taskRow(overrides));
}
