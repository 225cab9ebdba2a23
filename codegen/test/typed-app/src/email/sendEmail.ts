import { defineTask } from "@errand/core";
import { z } from "zod";

export const sendEmail = defineTask({
  name: "sendEmail",
  description: "Sends one email",
  input: z.object({ to: z.string(), subject: z.string() }),
  async run({ input, controller }) {
    return controller.success({ messageId: `to:${input.to}` });
  },
});
