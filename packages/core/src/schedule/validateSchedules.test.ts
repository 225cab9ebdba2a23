import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createErrand } from "../errand/createErrand.js";
import { memoryStore } from "../memory/memoryStore.js";
import { defineTask } from "../task/defineTask.js";
import type { ScheduleConfig } from "./scheduleConfig.js";

function errandWith(schedule: ScheduleConfig<{ full: boolean }> | ScheduleConfig<{ full: boolean }>[]) {
  const sitemap = defineTask({
    name: "sitemap",
    input: z.object({ full: z.boolean() }),
    schedule,
    run: ({ controller }) => controller.success(null),
  });
  return () => createErrand({ tasks: { sitemap }, store: memoryStore() });
}

describe("schedules are checked at createErrand", () => {
  it("accepts 5- and 6-field crons in IANA zones, alone or in an array", () => {
    const errand = errandWith([
      { cron: "0 3 * * *", timezone: "Europe/Berlin", input: { full: true } },
      { cron: "*/10 * * * * *", input: { full: false }, catchUp: "all" },
    ])();
    expect(errand.definitions.get("sitemap")!.schedules).toHaveLength(2);
  });

  it("refuses a cron that does not parse", () => {
    expect(errandWith({ cron: "61 * * * *", input: { full: true } })).toThrow(
      /createErrand: task "sitemap" schedule: cron "61 \* \* \* \*" does not parse: .*minute/,
    );
    expect(errandWith({ cron: "* * *", input: { full: true } })).toThrow(
      /cron "\* \* \*" has 3 fields; give 5 \(minute hour day month weekday\) or 6 \(seconds first\)/,
    );
    expect(errandWith({ cron: 5 as unknown as string, input: { full: true } })).toThrow(
      /cron must be a string/,
    );
  });

  it("refuses an unknown time zone", () => {
    expect(errandWith({ cron: "0 3 * * *", timezone: "Europe/Nowhere", input: { full: true } })).toThrow(
      /unknown time zone "Europe\/Nowhere"; use an IANA name such as "Europe\/Berlin" or "UTC"/,
    );
  });

  it("refuses an input the task's schema rejects, saying where", () => {
    expect(errandWith({ cron: "0 3 * * *", input: { full: "yes" } as unknown as { full: boolean } })).toThrow(
      /input does not match the task's input schema: full: /,
    );
  });

  it("refuses an unknown catchUp", () => {
    expect(
      errandWith({ cron: "0 3 * * *", input: { full: true }, catchUp: "some" as unknown as "all" }),
    ).toThrow(/catchUp must be one of "none", "latest", "all", got "some"/);
  });

  it("refuses two schedules with one cron and zone, naming the one at fault", () => {
    expect(
      errandWith([
        { cron: "0 3 * * *", input: { full: true } },
        { cron: "0 3 * * *", input: { full: false } },
      ]),
    ).toThrow(/schedule 1: another schedule of this task has the same cron/);
  });

  it("types the schedule's input from the task's schema", () => {
    // @ts-expect-error full must be a boolean, as the input schema says
    errandWith({ cron: "0 3 * * *", input: { full: 1 } });
  });
});
