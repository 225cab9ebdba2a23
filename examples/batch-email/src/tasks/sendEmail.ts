import { defineTask } from "@errand/core";
import { z } from "zod";
import { appContext } from "../appContext.js";

export const sendEmail = defineTask({
  name: "sendEmail",
  description: "Sends one email through the mail API, retried with backoff while the API says to try again",
  input: z.object({ to: z.email(), subject: z.string().min(1), text: z.string() }),
  output: z.object({ messageId: z.string() }),
  retry: { maxAttempts: 5, backoff: { initialMs: 50, factor: 2, jitter: true } },
  timeoutMs: 10_000,
  async run({ input, task, controller, context, signal, logger }) {
    const { mailer } = appContext(context);
    // The task id as idempotency key: a send repeated because its runner died before recording the
    // success is recognised by the mail API and not delivered twice.
    const sent = await mailer.send(input, { idempotencyKey: task.id, signal });
    if (sent.ok) return controller.success({ messageId: sent.messageId });
    logger.warn({ to: input.to, reason: sent.reason }, "send failed");
    return controller.error(new Error(`${input.to}: ${sent.reason}`), { retry: sent.retryable });
  },
});
