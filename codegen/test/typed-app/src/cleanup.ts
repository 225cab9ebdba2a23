import { defineTask as task } from "@errand/core";
import { z } from "zod";

export const purgeSessions = task({
  name: "purgeSessions",
  input: z.object({ olderThanDays: z.number().optional() }),
  async run({ input, controller }) {
    return controller.success({ purged: input.olderThanDays ?? 30 });
  },
});
