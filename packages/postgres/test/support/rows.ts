import { randomUUID } from "node:crypto";
import type { NewTaskRow } from "@errand/core/store";
import { serialize } from "@errand/core/store";

/** New rows named "work", due now (random v4 ids: these tests never depend on id order). */
export function orderedRowsForTest(count: number, overrides: Partial<NewTaskRow> = {}): NewTaskRow[] {
  const now = Date.now();
  return Array.from({ length: count }, () => ({
    id: randomUUID(),
    name: "work",
    input: serialize({ n: 1 }),
    maxAttempts: 3,
    priority: 0,
    runAt: now,
    parentId: null,
    idempotencyKey: null,
    concurrencyKey: null,
    rateKey: null,
    debounceKey: null,
    createdAt: now,
    ...overrides,
  }));
}
