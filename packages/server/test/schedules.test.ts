import { createTasksClient } from "@errand/client";
import { createErrand, defineTask, memoryStore } from "@errand/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createTasksServer, type TasksServerRouter } from "../src/index.js";

const sitemap = defineTask({
  name: "sitemap",
  input: z.object({ full: z.boolean() }),
  schedule: [
    { cron: "0 3 * * *", timezone: "Europe/Berlin", input: { full: true } },
    { cron: "*/30 * * * *", input: { full: false }, catchUp: "none" },
  ],
  run: ({ controller }) => controller.success(null),
});
const tasks = { sitemap };

describe("schedules over tRPC", () => {
  it("lists each schedule with its next tick, and the last tick a runner handled", async () => {
    const now = Date.parse("2026-01-15T10:10:00.000Z");
    const store = memoryStore();
    await store.recordScheduleTick(
      { name: "sitemap", scheduleKey: "*/30 * * * *@UTC", tick: now - 600_000 },
      now,
    );
    const errand = createErrand({ tasks, store, now: () => now });
    errand.logger.level = "silent";
    const server = await createTasksServer({ errand, port: 0 });
    try {
      const client = createTasksClient<TasksServerRouter<typeof tasks>>({ url: server.url });
      const schedules = await client.tasks.schedules.query();
      expect(schedules).toEqual([
        {
          name: "sitemap",
          cron: "*/30 * * * *",
          timezone: "UTC",
          catchUp: "none",
          input: { full: false },
          nextAt: new Date("2026-01-15T10:30:00.000Z"),
          lastTick: new Date("2026-01-15T10:00:00.000Z"),
        },
        {
          name: "sitemap",
          cron: "0 3 * * *",
          timezone: "Europe/Berlin",
          catchUp: "latest",
          input: { full: true },
          // 03:00 in Berlin in winter is 02:00 UTC, the next day.
          nextAt: new Date("2026-01-16T02:00:00.000Z"),
          lastTick: null,
        },
      ]);
    } finally {
      await server.close();
      await errand.close();
    }
  });

  it("is refused when authorize refuses the schedules action", async () => {
    const errand = createErrand({ tasks, store: memoryStore() });
    errand.logger.level = "silent";
    const server = await createTasksServer({
      errand,
      port: 0,
      authorize: ({ action }) => action !== "schedules",
    });
    try {
      const client = createTasksClient<TasksServerRouter<typeof tasks>>({ url: server.url });
      await expect(client.tasks.schedules.query()).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    } finally {
      await server.close();
      await errand.close();
    }
  });
});
