import type { TaskRow } from "./rows.js";

/**
 * Flow control at claim time, defined once beside the transitions: which pending tasks a claim may
 * take given what already runs. The memory and SQLite stores apply `ClaimBudget`; the Postgres
 * store writes the same rules in its claim function (migration 4); the conformance suite checks
 * all of them (`limitsConformance.ts`).
 *
 * - Concurrency: at most `limit` tasks of a group are `running` at once. The group is the task
 *   name, or the name and the row's `concurrencyKey` when the task declares a key function.
 *   Running rows are counted, not a counter kept beside them, so a dead runner's slot comes back
 *   exactly when lease expiry moves its row out of `running`, and a crash can never leak a slot.
 * - Rate: at most `limit` claims (attempt starts) of a group in any `periodMs` window; a store
 *   records each claim's time per group and counts those after now - periodMs (later ones too:
 *   see RATE_HISTORY_SLACK_MS).
 * - Paused names are never claimed.
 * A task over a limit is skipped, not failed: it stays pending with its attempt untouched, and the
 * claim goes on to the next task in claim order, so a blocked group never holds up another.
 */
export interface TaskLimits {
  concurrency?: { limit: number } | undefined;
  rate?: { limit: number; periodMs: number } | undefined;
}

/**
 * How long past its window a claim time is kept. Claims do not commit in the order of their `now`
 * (a runner reads its clock, then may wait for the store's lock), so a claim may count with a
 * `now` older than claims already recorded. Counting every kept time above `now - periodMs`, the
 * later ones included, keeps the limit in every window then; pruning at `now - periodMs` alone
 * would drop times such a late claim still has to count.
 */
export const RATE_HISTORY_SLACK_MS = 60_000;

/** The claim times a rate-limited claim at `now` may delete: none a claim delayed by under a minute counts. */
export function rateHistoryHorizon(now: number, periodMs: number): number {
  return now - periodMs - RATE_HISTORY_SLACK_MS;
}

/** Limits by task name, as the runner knows them from its definitions. */
export type ClaimLimits = Readonly<Record<string, TaskLimits>>;

/** Task names match /^[A-Za-z][\w.-]*$/, so a space can never be part of one: the group is unambiguous. */
export function limitGroup(name: string, key: string | null): string {
  return key === null ? name : `${name} ${key}`;
}

export function concurrencyGroup(row: Pick<TaskRow, "name" | "concurrencyKey">): string {
  return limitGroup(row.name, row.concurrencyKey);
}

export function rateGroup(row: Pick<TaskRow, "name" | "rateKey">): string {
  return limitGroup(row.name, row.rateKey);
}

/** Whether any of `names` (all when null) has a limit: only then does a claim need the budget. */
export function hasLimits(limits: ClaimLimits | undefined, names: readonly string[] | undefined): boolean {
  if (!limits) return false;
  const limited = (name: string) =>
    limits[name]?.concurrency !== undefined || limits[name]?.rate !== undefined;
  return names ? names.some(limited) : Object.keys(limits).some(limited);
}

/**
 * What a store reads before a limited claim, keyed by `limitGroup`: running tasks per concurrency
 * group (of the limited names), and claims per rate group inside (now - periodMs, now].
 */
export interface LimitUsage {
  running: ReadonlyMap<string, number>;
  started: ReadonlyMap<string, number>;
}

/**
 * One claim's budget: `take(row)` says whether the row fits the limits left and, if so, counts it.
 * Rows must be offered in claim order; a row refused leaves the budget unchanged.
 */
export class ClaimBudget {
  private readonly running: Map<string, number>;
  private readonly started: Map<string, number>;

  constructor(
    private readonly limits: ClaimLimits,
    usage: LimitUsage,
  ) {
    this.running = new Map(usage.running);
    this.started = new Map(usage.started);
  }

  take(row: Pick<TaskRow, "name" | "concurrencyKey" | "rateKey">): boolean {
    const limits = this.limits[row.name];
    const concurrency = limits?.concurrency;
    const rate = limits?.rate;
    const cGroup = concurrency ? concurrencyGroup(row) : "";
    const rGroup = rate ? rateGroup(row) : "";
    const cUsed = concurrency ? (this.running.get(cGroup) ?? 0) : 0;
    const rUsed = rate ? (this.started.get(rGroup) ?? 0) : 0;
    if (concurrency && cUsed >= concurrency.limit) return false;
    if (rate && rUsed >= rate.limit) return false;
    if (concurrency) this.running.set(cGroup, cUsed + 1);
    if (rate) this.started.set(rGroup, rUsed + 1);
    return true;
  }

  /**
   * The groups with no room left, for a store to leave out of its read of due tasks: a claim then
   * never scans past a blocked group's backlog one row at a time.
   */
  fullGroups(): { concurrency: string[]; rate: string[] } {
    const full = (counts: Map<string, number>, limitOf: (name: string) => number | undefined) =>
      [...counts]
        .filter(([group, used]) => used >= (limitOf(group.split(" ", 1)[0]!) ?? Infinity))
        .map(([g]) => g);
    return {
      concurrency: full(this.running, (name) => this.limits[name]?.concurrency?.limit),
      rate: full(this.started, (name) => this.limits[name]?.rate?.limit),
    };
  }
}

/** The rate group of each row taken that has a rate limit: a store records one claim time for each. */
export function rateStarts(limits: ClaimLimits, rows: readonly TaskRow[]): { name: string; group: string }[] {
  return rows
    .filter((row) => limits[row.name]?.rate !== undefined)
    .map((row) => ({ name: row.name, group: rateGroup(row) }));
}

/** The names with a concurrency limit and with a rate limit, among those a claim may take. */
export function limitedNames(
  limits: ClaimLimits,
  names: readonly string[] | undefined,
): { concurrency: string[]; rate: { name: string; periodMs: number }[] } {
  const candidates = names ?? Object.keys(limits);
  return {
    concurrency: candidates.filter((name) => limits[name]?.concurrency !== undefined),
    rate: candidates.flatMap((name) => {
      const rate = limits[name]?.rate;
      return rate ? [{ name, periodMs: rate.periodMs }] : [];
    }),
  };
}
