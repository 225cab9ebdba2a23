// The task the crash tests run: records each run and each finish in a `runs` table of the same file.
import { defineTask } from "@errand/core";
import Database from "better-sqlite3";
import { z } from "zod";

let statements:
  | { run: Database.Statement; finish: Database.Statement; runners: Database.Statement }
  | undefined;
function recorder() {
  if (!statements) {
    const db = new Database(process.env.ERRAND_DB!);
    db.pragma("busy_timeout = 5000");
    statements = {
      run: db.prepare("INSERT INTO runs (task_id, attempt, pid, finished) VALUES (?, ?, ?, 0)"),
      finish: db.prepare("UPDATE runs SET finished = 1 WHERE task_id = ? AND pid = ?"),
      runners: db.prepare("SELECT COUNT(DISTINCT pid) AS n FROM runs"),
    };
  }
  return statements;
}

export const sideEffect = defineTask({
  name: "sideEffect",
  // peers: before it finishes, a run waits until that many processes have started runs, so a test
  // sees every runner take part however the processes are scheduled.
  input: z.object({ ms: z.number(), peers: z.number().optional() }),
  retry: { maxAttempts: 5, backoff: { initialMs: 10 } },
  run: async ({ input, task, controller, signal }) => {
    recorder().run.run(task.id, task.attempt, process.pid);
    await new Promise((resolve) => setTimeout(resolve, input.ms));
    while (input.peers && (recorder().runners.get() as { n: number }).n < input.peers && !signal.aborted)
      await new Promise((resolve) => setTimeout(resolve, 5));
    if (signal.aborted) return controller.error("stopped");
    recorder().finish.run(task.id, process.pid);
    return controller.success({ pid: process.pid });
  },
});
