import type { PgContext } from "./context.js";

/** Paused names live in their own table; both claim functions leave them out (migration 4). */
export async function pauseName(ctx: PgContext, name: string, now: number): Promise<void> {
  await ctx.pool.query({
    text: `INSERT INTO ${ctx.schemaQuoted}.paused (name, paused_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
    values: [name, now],
  });
}

/** Resuming wakes the runners that listen: the paused name's tasks may be due already. */
export async function resumeName(ctx: PgContext, name: string): Promise<void> {
  await ctx.pool.query({
    text: `WITH resumed AS (DELETE FROM ${ctx.schemaQuoted}.paused WHERE name = $1 RETURNING 1)
      SELECT pg_notify($2, '') FROM resumed`,
    values: [name, ctx.channel],
  });
}

export async function pausedNames(ctx: PgContext): Promise<string[]> {
  const { rows } = await ctx.pool.query<{ name: string }>({
    text: `SELECT name FROM ${ctx.schemaQuoted}.paused ORDER BY name`,
  });
  return rows.map((row) => row.name);
}
