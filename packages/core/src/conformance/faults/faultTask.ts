import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { defineTask } from "../../task/defineTask.js";

/** One line of a runner process's journal: an attempt of a task began or finished its work. */
export interface JournalEntry {
  type: "start" | "end";
  taskId: string;
  attempt: number;
  pid: number;
  at: number;
  /** The task's name and limit key, for the limits test (limitedTasks.ts). */
  task?: string;
  key?: string;
}

/**
 * The task the kill fault test runs. Each attempt writes a start line before its work and an end
 * line after it, to a journal file of its own process (`ERRAND_FAULT_JOURNAL`), with a synchronous
 * append: a line written is on disk however the process dies after.
 */
export const faultWork = defineTask({
  name: "faultWork",
  input: z.object({ ms: z.number() }),
  retry: { maxAttempts: 3, backoff: { initialMs: 10 } },
  run: async ({ input, task, controller }) => {
    record({ type: "start", taskId: task.id, attempt: task.attempt, pid: process.pid, at: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, input.ms));
    record({ type: "end", taskId: task.id, attempt: task.attempt, pid: process.pid, at: Date.now() });
    return controller.success(process.pid);
  },
});

export function record(entry: JournalEntry): void {
  const dir = process.env.ERRAND_FAULT_JOURNAL;
  if (dir) appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}
