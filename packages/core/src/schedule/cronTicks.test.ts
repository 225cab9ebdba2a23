import { describe, expect, it } from "vitest";
import { CronTicks } from "./cronTicks.js";

const at = (iso: string) => new Date(iso).getTime();
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("CronTicks", () => {
  it("reads 6-field crons with seconds and 5-field crons with minutes", () => {
    expect(
      iso(new CronTicks({ cron: "*/10 * * * * *", timezone: "UTC" }).next(at("2026-01-01T00:00:03Z"))),
    ).toBe("2026-01-01T00:00:10.000Z");
    expect(
      iso(new CronTicks({ cron: "*/5 * * * *", timezone: "UTC" }).next(at("2026-01-01T00:00:03Z"))),
    ).toBe("2026-01-01T00:05:00.000Z");
  });

  it("next is strictly after, latest is at or before", () => {
    const ticks = new CronTicks({ cron: "* * * * * *", timezone: "UTC" });
    expect(iso(ticks.next(at("2026-01-01T00:00:01Z")))).toBe("2026-01-01T00:00:02.000Z");
    expect(iso(ticks.latest(at("2026-01-01T00:00:01Z")))).toBe("2026-01-01T00:00:01.000Z");
    expect(iso(ticks.latest(at("2026-01-01T00:00:01.500Z")))).toBe("2026-01-01T00:00:01.000Z");
  });

  it("between gives (after, upTo] oldest first, only the most recent `max`", () => {
    const ticks = new CronTicks({ cron: "* * * * * *", timezone: "UTC" });
    expect(ticks.between(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:03Z"), 10).map(iso)).toEqual([
      "2026-01-01T00:00:01.000Z",
      "2026-01-01T00:00:02.000Z",
      "2026-01-01T00:00:03.000Z",
    ]);
    expect(ticks.between(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:10:00Z"), 2).map(iso)).toEqual([
      "2026-01-01T00:09:59.000Z",
      "2026-01-01T00:10:00.000Z",
    ]);
  });

  it("keeps local time across DST in the schedule's zone (Europe/Berlin)", () => {
    const daily = new CronTicks({ cron: "0 3 * * *", timezone: "Europe/Berlin" });
    // 03:00 in Berlin is 02:00 UTC in winter (CET) and 01:00 UTC in summer (CEST); the clocks
    // went forward on 2026-03-29 and back on 2026-10-25.
    const spring = [at("2026-03-27T12:00:00Z")];
    for (let i = 0; i < 3; i++) spring.push(daily.next(spring.at(-1)!)!);
    expect(spring.slice(1).map(iso)).toEqual([
      "2026-03-28T02:00:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T01:00:00.000Z",
    ]);
    expect(iso(daily.next(at("2026-10-24T12:00:00Z")))).toBe("2026-10-25T02:00:00.000Z");
  });

  it("fires a tick in the skipped hour once the clock jumps, and a repeated hour's tick once", () => {
    const gap = new CronTicks({ cron: "30 2 * * *", timezone: "Europe/Berlin" });
    // 02:30 does not exist on 2026-03-29 in Berlin (02:00 -> 03:00): croner fires at 03:00 CEST.
    expect(iso(gap.next(at("2026-03-28T12:00:00Z")))).toBe("2026-03-29T01:00:00.000Z");
    // 02:30 happens twice on 2026-10-25 (03:00 -> 02:00): one tick that day.
    const onThatDay = gap.between(at("2026-10-24T23:00:00Z"), at("2026-10-25T22:59:59Z"), 10);
    expect(onThatDay).toHaveLength(1);
  });
});
