import { createHash } from "node:crypto";
import type pg from "pg";

/** Anything that runs a statement: the store's pool, one of its clients, or the app's transaction client. */
export interface Queryable {
  query<TRow extends pg.QueryResultRow = any>(config: pg.QueryConfig): Promise<pg.QueryResult<TRow>>;
}

/** What every operation module needs: where to send statements and the names of this schema's objects. */
export interface PgContext {
  readonly pool: pg.Pool;
  /** The schema name as given (validated), for messages and lock keys. */
  readonly schema: string;
  readonly schemaQuoted: string;
  /** Quoted, schema-qualified table names, safe to put into statement text. */
  readonly tasks: string;
  readonly logs: string;
  readonly migrations: string;
  readonly scheduleTicks: string;
  /** The LISTEN/NOTIFY channel of this schema. */
  readonly channel: string;
  /** The channel the tasks table's triggers tell which tasks changed (migration 3). */
  readonly changesChannel: string;
  /**
   * A prepared-statement name for `key`. Prepared statements live per connection and their names
   * are cut at 63 bytes, so two stores on one pool with different schemas need distinct short names.
   */
  statement(key: string): string;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function createContext(pool: pg.Pool, schema: string): PgContext {
  const quoted = quoteIdent(schema);
  const tag = createHash("sha1").update(schema).digest("hex").slice(0, 10);
  return {
    pool,
    schema,
    schemaQuoted: quoted,
    tasks: `${quoted}.tasks`,
    logs: `${quoted}.task_logs`,
    migrations: `${quoted}.migrations`,
    scheduleTicks: `${quoted}.schedule_ticks`,
    channel: `${schema}_tasks`,
    changesChannel: `${schema}_changes`,
    statement: (key) => `errand_${tag}_${key}`,
  };
}

/**
 * Runs `work` inside BEGIN/COMMIT on one pool client. A client whose connection broke is destroyed
 * rather than returned, so the pool never hands out a dead connection.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Lock keys for `pg_advisory_*`: one namespace for errand, one key per schema and purpose. */
export function lockKeys(schema: string, purpose: "migrate" | "retention" | "limits"): [number, number] {
  const hash = (text: string) => createHash("sha1").update(text).digest().readInt32BE(0);
  return [hash("errand"), hash(`${schema}:${purpose}`)];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Task ids are uuid columns: a string that is not a uuid can name no task, so it is never sent. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
