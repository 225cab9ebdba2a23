import type { ScheduleEntry } from "./scheduleConfig.js";

/**
 * The one owner of how a scheduled task is named in the store. Each tick's task has the
 * idempotency key `schedule:<cron>@<timezone>:<tick ISO>`: the store's uniqueness of (name,
 * idempotencyKey) makes every runner's insert of the same tick one task. Triggers from apps may not
 * use the prefix, so no other task can take a tick's key.
 */
export const SCHEDULE_KEY_PREFIX = "schedule:";

export function scheduleKeyOf(cron: string, timezone: string): string {
  return `${cron.trim()}@${timezone}`;
}

export function tickIdempotencyKey(schedule: Pick<ScheduleEntry, "key">, tick: number): string {
  return `${SCHEDULE_KEY_PREFIX}${schedule.key}:${new Date(tick).toISOString()}`;
}

/** The tick a scheduled task is for, read back from its idempotency key; null for other tasks. */
export function scheduledForOf(idempotencyKey: string | null): Date | null {
  if (idempotencyKey === null || !idempotencyKey.startsWith(SCHEDULE_KEY_PREFIX)) return null;
  // An ISO timestamp is always the last 24 characters: YYYY-MM-DDTHH:mm:ss.sssZ.
  const at = new Date(idempotencyKey.slice(-24));
  return Number.isNaN(at.getTime()) ? null : at;
}
