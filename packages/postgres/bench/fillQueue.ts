import type pg from "pg";

/** Tasks per triggerMany call: bounds the bench's own memory at 1M queued. */
const CHUNK = 100_000;

interface NoopTrigger {
  tasks: {
    triggerMany(requests: { name: "noop"; input: { id: number } }[]): Promise<{ unwrap(): unknown }>;
  };
}

/**
 * Queues `count` no-op tasks (inputs `{ id }`, 0 to count - 1) through errand's `triggerMany`, then
 * ANALYZEs the tasks table: the statistics a real queue would have after autovacuum's analyze.
 */
export async function fillQueue(
  errand: NoopTrigger,
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
