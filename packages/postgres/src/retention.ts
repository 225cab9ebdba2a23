import { lockKeys, type PgContext } from "./context.js";
import type { RetentionOptions, StoreLogger } from "./options.js";

/** Rows per DELETE: short statements, so a big cleanup never holds many row locks at once. */
const BATCH = 5_000;
const FINISHED = `('success', 'failed', 'aborted')`;

export type RetentionResult =
  /** Another process holds the cleanup lock and is cleaning up now. */
  { result: "skipped" } | { result: "done"; deleted: number };

/**
 * Deletes finished tasks older than `maxAgeMs` and beyond the newest `maxCount`, with their logs.
 * Only one process cleans up at a time: a session advisory lock taken with `try` (a busy lock
 * means the work is being done already), released at the end, or by Postgres if this process dies.
 */
export async function runRetention(
  ctx: PgContext,
  options: RetentionOptions,
  now: number,
): Promise<RetentionResult> {
  const client = await ctx.pool.connect();
  let broken: Error | undefined;
  const [namespace, key] = lockKeys(ctx.schema, "retention");
  try {
    const { rows } = await client.query<{ locked: boolean }>({
      text: "SELECT pg_try_advisory_lock($1, $2) AS locked",
      values: [namespace, key],
    });
    if (!rows[0]!.locked) return { result: "skipped" };
    try {
      let deleted = 0;
      // The outer conditions repeat the inner ones: a row retried meanwhile is re-checked under its
      // lock, and kept.
      if (options.maxAgeMs !== undefined) {
        deleted += await deleteInBatches(client, {
          text: `DELETE FROM ${ctx.tasks} t WHERE t.id IN (
              SELECT id FROM ${ctx.tasks} WHERE status IN ${FINISHED} AND finished_at < $1
              ORDER BY finished_at LIMIT $2)
            AND t.status IN ${FINISHED} AND t.finished_at < $1`,
          values: [now - options.maxAgeMs, BATCH],
        });
      }
      if (options.maxCount !== undefined) {
        deleted += await deleteInBatches(client, {
          text: `DELETE FROM ${ctx.tasks} t WHERE t.id IN (
              SELECT id FROM ${ctx.tasks} WHERE status IN ${FINISHED}
              ORDER BY finished_at DESC, id DESC OFFSET $1 LIMIT $2)
            AND t.status IN ${FINISHED}`,
          values: [options.maxCount, BATCH],
        });
      }
      return { result: "done", deleted };
    } finally {
      await client.query({ text: "SELECT pg_advisory_unlock($1, $2)", values: [namespace, key] });
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // A client that failed mid-way may still hold the lock: destroy it, which releases the lock.
    client.release(broken);
  }
}

async function deleteInBatches(
  client: { query(config: { text: string; values: unknown[] }): Promise<{ rowCount: number | null }> },
  statement: { text: string; values: unknown[] },
): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await client.query(statement);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) return total;
  }
}

/** Runs the cleanup every `intervalMs` until stopped; a failed run is logged and tried again next time. */
export function startRetentionTimer(
  ctx: PgContext,
  options: RetentionOptions & { intervalMs: number },
  logger: StoreLogger,
  now: () => number = Date.now,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runRetention(ctx, options, now())
      .catch((error) => logger.error({ err: error }, "errand: retention cleanup failed; will retry"))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
