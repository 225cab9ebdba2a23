import type { NewTaskRow } from "@errand/core/store";
import type { PgContext, Queryable } from "./context.js";
import { columnParams, insertRowsSql } from "./insertColumns.js";

/** Rows per statement: large enough that 200,000 tasks take ten statements, small enough to bound memory. */
export const CHUNK_SIZE = 20_000;

/**
 * Sends each chunk as one statement; the next chunk is pulled (and, from a stream, prepared by
 * the caller) while the server inserts the one before. Returns the ids of the keyed rows created.
 * `origin` (StoreScope.origin) is the payload of the NOTIFY that wakes runners.
 */
export async function insertChunks(
  ctx: PgContext,
  db: Queryable,
  chunks: Iterable<readonly NewTaskRow[]> | AsyncIterable<readonly NewTaskRow[]>,
  origin: string | undefined,
): Promise<Set<string>> {
  const createdKeyed = new Set<string>();
  let running: Promise<{ rows: { keyed: string[] }[] }> | undefined;
  try {
    for await (const chunk of chunks) {
      const values = [ctx.channel, origin ?? "", ...columnParams(chunk)];
      if (running) for (const id of (await running).rows[0]!.keyed) createdKeyed.add(id);
      const keyed = chunk.some((row) => row.idempotencyKey !== null);
      running = db.query<{ keyed: string[] }>({
        name: ctx.statement(keyed ? "insert_keyed" : "insert"),
        text: INSERT_SQL(ctx, keyed),
        values,
      });
    }
    if (running) for (const id of (await running).rows[0]!.keyed) createdKeyed.add(id);
  } catch (error) {
    // The statement in flight ends before the caller rolls back on this client; its own failure
    // (if any) is not the one to report.
    await running?.catch(() => {});
    throw error;
  }
  return createdKeyed;
}

/**
 * One statement per chunk. An aggregate over the inserted rows yields exactly one row, so pg_notify
 * runs once per statement; inside one transaction Postgres folds identical notifications into one,
 * delivered on commit. Only a chunk holding an idempotency key needs ON CONFLICT: with the clause
 * Postgres inserts every row speculatively (a token on the row, then a second WAL record confirming
 * it), about a tenth of the server's CPU in a bulk trigger of 200,000 rows without keys.
 */
function INSERT_SQL(ctx: PgContext, keyed: boolean): string {
  const conflict = keyed
    ? "ON CONFLICT (name, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id, idempotency_key"
    : "RETURNING 1";
  const created = keyed
    ? "coalesce(array_agg(id::text) FILTER (WHERE idempotency_key IS NOT NULL), '{}')"
    : "'{}'::text[]";
  return `WITH inserted AS (
    ${insertRowsSql(ctx.tasks, 3)}
    ${conflict}
  )
  SELECT ${created} AS keyed, CASE WHEN count(*) > 0 THEN pg_notify($1, $2) END AS notified
  FROM inserted`;
}
