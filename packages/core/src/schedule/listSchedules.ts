import type { ErrandRuntime } from "../errand/runtime.js";
import { CronTicks } from "./cronTicks.js";
import type { CatchUp } from "./scheduleConfig.js";

/** One schedule as `tasks.schedules()` lists it. */
export interface ScheduleInfo {
  /** The task it triggers. */
  name: string;
  cron: string;
  timezone: string;
  catchUp: CatchUp;
  input: unknown;
  /** The next tick after now; null when the cron has none. */
  nextAt: Date | null;
  /** The last tick a runner handled (fired, or skipped by catch-up); null before any runner ran it. */
  lastTick: Date | null;
}

/** Every schedule of the registry, by task name then cron, with its next and last tick. */
export async function listSchedules(runtime: ErrandRuntime): Promise<ScheduleInfo[]> {
  const now = runtime.now();
  const stored = new Map(
    (await runtime.store.scheduleTicks()).map((row) => [`${row.name}\u0000${row.scheduleKey}`, row.tick]),
  );
  const infos: ScheduleInfo[] = [];
  for (const [name, entries] of runtime.schedules) {
    for (const entry of entries) {
      const next = new CronTicks(entry).next(now);
      const last = stored.get(`${name}\u0000${entry.key}`);
      infos.push({
        name,
        cron: entry.cron,
        timezone: entry.timezone,
        catchUp: entry.catchUp,
        input: entry.input,
        nextAt: next === null ? null : new Date(next),
        lastTick: last === undefined ? null : new Date(last),
      });
    }
  }
  return infos.sort((a, b) => a.name.localeCompare(b.name) || a.cron.localeCompare(b.cron));
}
