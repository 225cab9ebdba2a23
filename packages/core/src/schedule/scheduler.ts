import type { ErrandRuntime } from "../errand/runtime.js";
import { createTriggerPath } from "../errand/triggerPath.js";
import { CronTicks } from "./cronTicks.js";
import { MAX_CATCH_UP_TICKS, type ScheduleEntry } from "./scheduleConfig.js";
import { tickIdempotencyKey } from "./tickKey.js";

/** How long a scheduler waits before trying again after the store failed. */
const RETRY_MS = 1_000;
/** Longest single timer: the clock is checked again at least this often (and setTimeout caps at ~24 days). */
const MAX_TIMER_MS = 60_000;

interface ActiveSchedule {
  name: string;
  entry: ScheduleEntry;
  ticks: CronTicks;
  /** Every tick at or before this was fired (or skipped at start-up) by this scheduler. */
  cursor: number;
  timer?: NodeJS.Timeout;
}

/** What a scheduler did with the ticks missed before it started, as it logs it. */
export interface CatchUpReport {
  name: string;
  schedule: string;
  /** The ticks it fired for the time no runner was up (ISO). */
  fired: string[];
  /** Missed ticks it did not fire (at least this many when over the bound). */
  skipped: number;
}

/**
 * Fires the schedules of one runner's tasks. Every runner runs one: no leader is elected, because
 * "once per tick" comes from the store (each tick's task has a unique idempotency key, so the
 * second runner's insert returns the first one's task). The cost is one insert per runner per tick.
 *
 * At start it reads the last handled tick of each schedule and applies `catchUp` to the ticks
 * missed since; after that it fires every tick past its own cursor, whatever other runners do.
 */
export class Scheduler {
  private readonly schedules: ActiveSchedule[];
  private readonly trigger: ReturnType<typeof createTriggerPath>;
  private stopped = false;
  /** Fires run one at a time, in this chain, so `stop` can wait for the one under way. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly runtime: ErrandRuntime,
    names: readonly string[],
  ) {
    this.schedules = names.flatMap((name) =>
      (runtime.schedules.get(name) ?? []).map((entry) => ({
        name,
        entry,
        ticks: new CronTicks(entry),
        cursor: 0,
      })),
    );
    this.trigger = createTriggerPath(runtime, {});
  }

  start(): void {
    if (this.schedules.length > 0) this.enqueue(() => this.catchUp());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const schedule of this.schedules) clearTimeout(schedule.timer);
    await this.chain;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(() => (this.stopped ? undefined : work()));
  }

  private async catchUp(): Promise<void> {
    let stored: Map<string, number>;
    try {
      await this.runtime.ready();
      stored = new Map(
        (await this.runtime.store.scheduleTicks()).map((row) => [
          `${row.name}\u0000${row.scheduleKey}`,
          row.tick,
        ]),
      );
    } catch (error) {
      this.runtime.logger.error({ err: error }, "errand: reading schedule ticks failed; retrying");
      this.later(RETRY_MS, () => this.catchUp());
      return;
    }
    const now = this.runtime.now();
    const reports: CatchUpReport[] = [];
    for (const schedule of this.schedules) {
      schedule.cursor = now;
      const last = stored.get(`${schedule.name}\u0000${schedule.entry.key}`);
      // Never seen before: nothing was missed; ticks count from now.
      const missed = last === undefined ? [] : schedule.ticks.between(last, now, MAX_CATCH_UP_TICKS);
      const mode = schedule.entry.catchUp;
      const fire = mode === "all" ? missed : mode === "latest" ? missed.slice(-1) : [];
      for (const tick of fire) await this.fire(schedule, tick);
      await this.record(schedule, now);
      reports.push({
        name: schedule.name,
        schedule: schedule.entry.key,
        fired: fire.map((tick) => new Date(tick).toISOString()),
        skipped: missed.length - fire.length,
      });
    }
    this.runtime.logger.debug({ now, schedules: reports }, "errand: schedules caught up");
    for (const schedule of this.schedules) this.arm(schedule);
  }

  private arm(schedule: ActiveSchedule): void {
    if (this.stopped) return;
    const next = schedule.ticks.next(schedule.cursor);
    if (next === null) return;
    const delay = Math.min(Math.max(0, next - this.runtime.now()), MAX_TIMER_MS);
    schedule.timer = setTimeout(() => this.enqueue(() => this.due(schedule)), delay);
    schedule.timer.unref();
  }

  private later(delayMs: number, work: () => Promise<void>): void {
    if (this.stopped) return;
    setTimeout(() => this.enqueue(work), delayMs).unref();
  }

  /** Fires each tick past the cursor that is due (all of them: this runner was up). */
  private async due(schedule: ActiveSchedule): Promise<void> {
    // Timers may fire a little early; then nothing is due and the next arm waits again.
    const ticks = schedule.ticks.between(schedule.cursor, this.runtime.now(), MAX_CATCH_UP_TICKS);
    for (const tick of ticks) {
      if (!(await this.fire(schedule, tick))) {
        this.later(RETRY_MS, () => this.due(schedule));
        return;
      }
      schedule.cursor = tick;
    }
    if (ticks.length > 0) await this.record(schedule, schedule.cursor);
    this.arm(schedule);
  }

  /** Inserts the tick's task; false when the store failed (the tick is tried again). */
  private async fire(schedule: ActiveSchedule, tick: number): Promise<boolean> {
    const request = { name: schedule.name, input: schedule.entry.input, options: { runAt: new Date(tick) } };
    try {
      const prepared = await this.trigger.prepareAll([request]);
      if (prepared.isFail()) {
        // Refused by a hook or an input that cannot be stored: a retry would be refused again.
        this.runtime.logger.warn(
          { err: prepared.error, task: schedule.name, tick: new Date(tick).toISOString() },
          "errand: a scheduled trigger was refused; tick skipped",
        );
        return true;
      }
      for (const row of prepared.value.rows) row.idempotencyKey = tickIdempotencyKey(schedule.entry, tick);
      await this.trigger.insertPrepared(prepared.value, undefined);
      return true;
    } catch (error) {
      this.runtime.logger.error(
        { err: error, task: schedule.name, tick: new Date(tick).toISOString() },
        "errand: firing a scheduled task failed; retrying",
      );
      return false;
    }
  }

  private async record(schedule: ActiveSchedule, tick: number): Promise<void> {
    try {
      await this.runtime.store.recordScheduleTick(
        { name: schedule.name, scheduleKey: schedule.entry.key, tick },
        this.runtime.now(),
      );
    } catch (error) {
      // Only catch-up after a restart reads it; the next tick records again.
      this.runtime.logger.error(
        { err: error, task: schedule.name },
        "errand: recording a schedule tick failed",
      );
    }
  }
}
