import { z } from "zod";
import { defineTask } from "../../task/defineTask.js";
import { record } from "./faultTask.js";

/** The limits the runner-limits test declares and then checks from the journal. */
export const TEST_LIMITS = {
  perKey: 3,
  perTask: 4,
  rate: { limit: 10, periodMs: 300 },
} as const;

const work = async (name: string, key: string, task: { id: string; attempt: number }, ms: number) => {
  const entry = { taskId: task.id, attempt: task.attempt, pid: process.pid, task: name, key };
  record({ ...entry, type: "start", at: Date.now() });
  await new Promise((resolve) => setTimeout(resolve, ms));
  record({ ...entry, type: "end", at: Date.now() });
};

const keyed = z.object({ key: z.string(), ms: z.number() });

/** At most TEST_LIMITS.perKey running per key. */
export const keyedWork = defineTask({
  name: "keyedWork",
  input: keyed,
  retry: { maxAttempts: 5, backoff: { initialMs: 10 } },
  concurrency: { limit: TEST_LIMITS.perKey, key: (input) => input.key },
  run: async ({ input, task, controller }) => {
    await work("keyedWork", input.key, task, input.ms);
    return controller.success(null);
  },
});

/** At most TEST_LIMITS.perTask running in all. */
export const taskWork = defineTask({
  name: "taskWork",
  input: z.object({ ms: z.number() }),
  retry: { maxAttempts: 5, backoff: { initialMs: 10 } },
  concurrency: { limit: TEST_LIMITS.perTask },
  run: async ({ input, task, controller }) => {
    await work("taskWork", "", task, input.ms);
    return controller.success(null);
  },
});

/** At most TEST_LIMITS.rate.limit starts per key in any TEST_LIMITS.rate.periodMs. */
export const ratedWork = defineTask({
  name: "ratedWork",
  input: keyed,
  retry: { maxAttempts: 5, backoff: { initialMs: 10 } },
  rateLimit: { ...TEST_LIMITS.rate, key: (input) => input.key },
  run: async ({ input, task, controller }) => {
    await work("ratedWork", input.key, task, input.ms);
    return controller.success(null);
  },
});

export const limitedTasks = { keyedWork, taskWork, ratedWork };
