import { TaskError, TaskErrorCode } from "@errand/core";
import { inTransaction, lockKeys, type PgContext, quoteIdent } from "../context.js";
import { MIGRATIONS, type Migration } from "./index.js";

/**
 * Brings the schema up to the newest migration, in one transaction. Processes that start at once
 * queue on a transaction-level advisory lock, so each migration runs exactly once and a crash
 * half-way leaves nothing applied. Returns the ids it applied.
 */
export async function migrate(
  ctx: PgContext,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return inTransaction(ctx.pool, async (client) => {
    const [namespace, key] = lockKeys(ctx.schema, "migrate");
    await client.query({ text: "SELECT pg_advisory_xact_lock($1, $2)", values: [namespace, key] });
    await client.query({ text: `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(ctx.schema)}` });
    await client.query({
      text: `CREATE TABLE IF NOT EXISTS ${ctx.migrations} (
        id integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    });
    const { rows } = await client.query<{ latest: number }>({
      text: `SELECT coalesce(max(id), 0) AS latest FROM ${ctx.migrations}`,
    });
    const latest = rows[0]!.latest;
    const newest = migrations.at(-1)?.id ?? 0;
    if (latest > newest) {
      throw new TaskError(
        TaskErrorCode.STORE,
        `Schema "${ctx.schema}" is at migration ${latest}, but this @errand/postgres only knows up to ${newest}: ` +
          "a newer version of errand migrated it. Upgrade @errand/postgres here too.",
      );
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.id <= latest) continue;
      await client.query({ text: migration.sql.replaceAll("{{schema}}", quoteIdent(ctx.schema)) });
      await client.query({
        text: `INSERT INTO ${ctx.migrations} (id, name) VALUES ($1, $2)`,
        values: [migration.id, migration.name],
      });
      applied.push(migration.id);
    }
    return applied;
  });
}
