import { defineTask } from "@errand/core";
import { z } from "zod";
import { countChildren } from "./countChildren.js";
import { sendEmail } from "./sendEmail.js";

export const sendCampaign = defineTask({
  name: "sendCampaign",
  description: "Sends one email per recipient as child tasks, then waits for them and reports the result",
  input: z.object({
    subject: z.string().min(1),
    text: z.string(),
    recipients: z.array(z.email()).min(1).max(10_000),
    /** `fanOut` on the first run; `waiting` on the runs that check on the children. */
    phase: z.enum(["fanOut", "waiting"]).default("fanOut"),
  }),
  output: z.object({ sent: z.number(), failed: z.number(), failedRecipients: z.array(z.string()) }),
  retry: { maxAttempts: 3, backoff: { initialMs: 200 } },
  timeoutMs: 30_000,
  async run({ input, task, controller, context }) {
    const total = input.recipients.length;
    if (input.phase === "fanOut") {
      const triggered = await context.tasks.triggerMany(
        input.recipients.map((to) => ({
          name: sendEmail.name,
          input: { to, subject: input.subject, text: input.text },
          // If this run is repeated (its runner died after the insert), the keys make the second
          // fan-out find the children it already created instead of sending everything twice.
          options: { idempotencyKey: `${task.id}:${to}` },
        })),
      );
      if (triggered.isFail()) return controller.error(triggered.error);
      await controller.status({ progress: 0, message: `0/${total} sent` });
      return controller.continue({ input: { ...input, phase: "waiting" }, delayMs: 200 });
    }

    // Each check is a short run: between checks the campaign holds no runner slot.
    const children = await countChildren(context.tasks, task.id);
    const { success, failed, aborted, pending, running } = children.byStatus;
    await controller.status({
      progress: (success + failed + aborted) / total,
      message: `${success}/${total} sent, ${failed + aborted} failed`,
    });
    if (pending + running > 0) return controller.continue({ delayMs: 200 });
    const failedRecipients: string[] = [];
    for (const id of children.unsuccessful) {
      const child = (await context.tasks.get(id)).unwrap();
      failedRecipients.push(sendEmail.input.parse(child.input).to);
    }
    return controller.success({ sent: success, failed: failed + aborted, failedRecipients });
  },
});
