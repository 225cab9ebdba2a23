import { setTimeout as sleep } from "node:timers/promises";
import { defineTask } from "@errand/core";
import { z } from "zod";

/** A task that reports its progress: `controller.status` is what `errand trigger --follow` and `onProgress` show. */
export const countTo = defineTask({
  name: "countTo",
  description: "Counts to `to`, one number every `stepMs`",
  input: z.object({
    to: z.number().int().min(1).max(1_000),
    stepMs: z.number().int().min(0).max(10_000).default(200),
  }),
  async run({ input, controller, signal }) {
    for (let n = 1; n <= input.to; n++) {
      // Passing `signal` lets an abort or a shutdown interrupt the wait.
      await sleep(input.stepMs, undefined, { signal });
      await controller.status({ progress: n / input.to, message: `counted ${n} of ${input.to}` });
    }
    // No output schema: the output type is inferred from this call.
    return controller.success({ counted: input.to });
  },
});
