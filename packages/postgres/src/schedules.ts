import type { ScheduleTick } from "@errand/core/store";
import type { PgContext, Queryable } from "./context.js";

export async function scheduleTicks(ctx: PgContext, db: Queryable): Promise<ScheduleTick[]> {
  const { rows } = await db.query<{ name: string; scheduleKey: string; tick: string }>({
    name: ctx.statement("schedule_ticks"),
    text: `SELECT name, schedule_key AS "scheduleKey", tick FROM ${ctx.scheduleTicks}`,
  });
  return rows.map((row) => ({ name: row.name, scheduleKey: row.scheduleKey, tick: Number(row.tick) }));
}

/** One statement: the stored tick only moves forward, whichever runner writes first. */
export async function recordScheduleTick(
  ctx: PgContext,
  db: Queryable,
  tick: ScheduleTick,
  now: number,
): Promise<void> {
  await db.query({
    name: ctx.statement("record_schedule_tick"),
    text: `INSERT INTO ${ctx.scheduleTicks} AS s (name, schedule_key, tick, updated_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (name, schedule_key) DO UPDATE SET tick = excluded.tick, updated_at = excluded.updated_at
      WHERE excluded.tick > s.tick`,
    values: [tick.name, tick.scheduleKey, tick.tick, now],
  });
}
