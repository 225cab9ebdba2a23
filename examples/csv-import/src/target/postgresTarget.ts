import pg from "pg";
import type { ChunkRecord, ImportTarget, PeopleSummary } from "./importTarget.js";

export async function postgresTarget(connectionString: string, schema: string): Promise<ImportTarget> {
  const pool = new pg.Pool({ connectionString, max: 4 });
  const s = `"${schema.replaceAll('"', '""')}"`;
  const client = await pool.connect();
  try {
    // Runners starting at once would race on CREATE ... IF NOT EXISTS; the lock queues them.
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`${schema}.people`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.people (
        id bigint PRIMARY KEY,
        name text NOT NULL,
        email text NOT NULL,
        amount_cents bigint NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${s}.import_chunks (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        task_id text NOT NULL,
        start_row integer NOT NULL,
        rows integer NOT NULL,
        inserted integer NOT NULL,
        pid integer NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }

  return {
    async writeChunk({ taskId, startRow, people }) {
      // One statement is one transaction: the people and the chunk's log line commit together.
      const { rows } = await pool.query<{ inserted: number }>(
        `WITH inserted AS (
           INSERT INTO ${s}.people (id, name, email, amount_cents)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[])
           ON CONFLICT (id) DO NOTHING
           RETURNING 1
         ), logged AS (
           INSERT INTO ${s}.import_chunks (task_id, start_row, rows, inserted, pid)
           SELECT $5, $6, $7, count(*), $8 FROM inserted
         )
         SELECT count(*)::int AS inserted FROM inserted`,
        [
          people.map((p) => p.id),
          people.map((p) => p.name),
          people.map((p) => p.email),
          people.map((p) => p.amountCents),
          taskId,
          startRow,
          people.length,
          process.pid,
        ],
      );
      return rows[0]!.inserted;
    },
    async chunks(taskId) {
      const { rows } = await pool.query<ChunkRecord>(
        `SELECT start_row AS "startRow", rows, inserted, pid FROM ${s}.import_chunks
         WHERE task_id = $1 ORDER BY seq`,
        [taskId],
      );
      return rows;
    },
    async summary() {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS rows, count(DISTINCT id)::int AS "distinctIds",
           min(id)::int AS "minId", max(id)::int AS "maxId",
           coalesce(sum(amount_cents), 0)::float8 AS "amountCents"
         FROM ${s}.people`,
      );
      return rows[0] as PeopleSummary;
    },
    close: () => pool.end(),
  };
}
