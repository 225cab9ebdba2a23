import { type createErrand, defineTask } from "@errand/core";
import type pg from "pg";
import { z } from "zod";

/** The one task every errand side of the benches runs: it succeeds at once. */
export const noop = defineTask({
  name: "noop",
  input: z.object({ id: z.number() }),
  run: ({ controller }) => controller.success(),
});

/** Tasks per triggerMany call: bounds the bench's own memory at 1M queued. */
const CHUNK = 100_000;

/**
 * Queues `count` no-op tasks (inputs `{ id }`, 0 to count - 1) through errand's `triggerMany`, then
 * ANALYZEs the tasks table: the statistics a real queue would have after autovacuum's analyze.
 */
export async function fillQueue(
  errand: ReturnType<typeof createErrand<{ noop: typeof noop }>>,
  store: { pool: pg.Pool },
  schema: string,
  count: number,
): Promise<void> {
  for (let from = 0; from < count; from += CHUNK) {
    const size = Math.min(CHUNK, count - from);
    const requests = Array.from({ length: size }, (_, i) => ({
      name: "noop" as const,
      input: { id: from + i },
    }));
    (await errand.tasks.triggerMany(requests)).unwrap();
  }
  await store.pool.query(`ANALYZE "${schema}".tasks`);
}
