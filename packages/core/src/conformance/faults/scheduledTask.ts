import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { CatchUp } from "../../schedule/scheduleConfig.js";
import { defineTask } from "../../task/defineTask.js";

/** One line of a runner process's journal: a run of the scheduled task, for the tick it is for. */
export interface TickRun {
  taskId: string;
  tick: number;
  pid: number;
}

/**
 * The task the schedule process tests run: every second, with the catch-up mode in
 * ERRAND_SCHEDULE_CATCH_UP. Each run appends a line to its process's journal
 * (ERRAND_SCHEDULE_JOURNAL) synchronously, outside the store under test.
 */
export function everySecond(catchUp: CatchUp) {
  return defineTask({
    name: "everySecond",
    input: z.object({}),
    schedule: { cron: "* * * * * *", input: {}, catchUp },
    run: ({ task, controller }) => {
      const dir = process.env.ERRAND_SCHEDULE_JOURNAL;
      const line: TickRun = { taskId: task.id, tick: task.scheduledFor!.getTime(), pid: process.pid };
      if (dir) appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(line)}\n`);
      return controller.success(null);
    },
  });
}
