/** What happens to ticks that passed while no runner was up (see docs/flow-control.md). */
export const CATCH_UP_MODES = ["none", "latest", "all"] as const;
export type CatchUp = (typeof CATCH_UP_MODES)[number];

/**
 * One schedule of a task: triggers it with `input` at every tick of `cron`.
 * @example
 * schedule: { cron: "0 3 * * *", timezone: "Europe/Berlin", input: { full: true } }
 */
export interface ScheduleConfig<TInput = unknown> {
  /** 5 fields (minute precision) or 6 with seconds first: "0 3 * * *", "*\/10 * * * * *". */
  cron: string;
  /** IANA time zone the cron is read in, e.g. "Europe/Berlin". Default "UTC". */
  timezone?: string;
  /** The input each tick's task gets; checked against the task's schema at `createErrand`. */
  input: TInput;
  /** Ticks missed while no runner was up: skip them, fire the latest once, or fire each. Default "latest". */
  catchUp?: CatchUp;
}

/** A schedule as a task definition keeps it: defaults applied, its identity fixed. */
export interface ScheduleEntry {
  cron: string;
  timezone: string;
  input: unknown;
  catchUp: CatchUp;
  /** Identifies the schedule in the store (tick keys, last tick): its cron and time zone. */
  key: string;
}

/** At most this many missed ticks are fired by `catchUp: "all"`: the most recent ones. */
export const MAX_CATCH_UP_TICKS = 100;
