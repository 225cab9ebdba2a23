import { Cron } from "croner";
import type { ScheduleEntry } from "./scheduleConfig.js";

/**
 * Tick arithmetic for one schedule, all through croner (time zones and DST included): a tick is
 * an epoch-ms instant. A tick that falls in a DST gap fires when the clock jumps; one in a repeated
 * hour fires once.
 */
export class CronTicks {
  private readonly cron: Cron;

  constructor(schedule: Pick<ScheduleEntry, "cron" | "timezone">) {
    this.cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true, mode: "5-or-6-parts" });
  }

  /** The first tick strictly after `after`, or null when the cron has no more. */
  next(after: number): number | null {
    return this.cron.nextRun(new Date(after))?.getTime() ?? null;
  }

  /** The latest tick at or before `at`, or null. */
  latest(at: number): number | null {
    const [previous] = this.cron.previousRuns(1, new Date(at + 1));
    return previous?.getTime() ?? null;
  }

  /** Ticks in (after, upTo], oldest first; only the most recent `max` when there are more. */
  between(after: number, upTo: number, max: number): number[] {
    const recent = this.cron
      .previousRuns(max, new Date(upTo + 1))
      .map((date) => date.getTime())
      .filter((tick) => tick > after);
    return recent.sort((a, b) => a - b);
  }
}
