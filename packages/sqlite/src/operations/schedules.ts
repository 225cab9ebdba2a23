import type { ScheduleTick } from "@errand/core/store";
import type { SqliteContext } from "./context.js";

export function scheduleTickRows({ db }: SqliteContext): ScheduleTick[] {
  return db
    .prepare("SELECT name, schedule_key AS scheduleKey, tick FROM errand_schedule_ticks")
    .all() as ScheduleTick[];
}

/** One statement: the stored tick only moves forward, whichever runner writes first. */
export function recordScheduleTickRow({ db }: SqliteContext, tick: ScheduleTick, now: number): void {
  db.prepare(
    `INSERT INTO errand_schedule_ticks (name, schedule_key, tick, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name, schedule_key) DO UPDATE SET tick = excluded.tick, updated_at = excluded.updated_at
     WHERE excluded.tick > errand_schedule_ticks.tick`,
  ).run(tick.name, tick.scheduleKey, tick.tick, now);
}
