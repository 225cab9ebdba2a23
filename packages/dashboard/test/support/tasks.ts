import { defineTask } from "@errand/core";
import { z } from "zod";

/**
 * Lets a test move a running task on, one step at a time: the task waits at each step until the
 * test opens it, so what the page shows in between is certain without any timing.
 */
export class Gates {
  private readonly waiting = new Map<string, () => void>();
  private readonly opened = new Map<string, number>();

  /** Resolves when the test has opened step `step` for task `id`. */
  wait(id: string, step: number): Promise<void> {
    if ((this.opened.get(id) ?? 0) >= step) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(`${id}:${step}`, resolve));
  }

  open(id: string, step: number): void {
    this.opened.set(id, Math.max(step, this.opened.get(id) ?? 0));
    this.waiting.get(`${id}:${step}`)?.();
    this.waiting.delete(`${id}:${step}`);
  }
}

export const gates = new Gates();
/** Runs per task id of `charge`, so its first run fails and a retry succeeds. */
const chargeRuns = new Map<string, number>();

export const importCsv = defineTask({
  name: "importCsv",
  description: "Imports a CSV file in four chunks",
  input: z.object({ file: z.string(), rows: z.number().int().positive() }),
  async run({ input, task, controller, logger }) {
    for (let step = 1; step <= 4; step++) {
      await gates.wait(task.id, step);
      logger.info({ step }, `chunk ${step} of 4`);
      await controller.status({ progress: step / 4, message: `imported ${(input.rows / 4) * step} rows` });
    }
    return controller.success({ imported: input.rows, finishedAt: new Date() });
  },
});

export const charge = defineTask({
  name: "charge",
  description: "Charges a card; the first run of each task is declined",
  input: z.object({ customer: z.string(), cents: z.number().int() }),
  retry: { maxAttempts: 1 },
  async run({ input, task, controller }) {
    const runs = (chargeRuns.get(task.id) ?? 0) + 1;
    chargeRuns.set(task.id, runs);
    if (runs === 1)
      return controller.error(new Error(`card declined for ${input.customer}`), { retry: false });
    return controller.success({ chargeId: `ch_${task.id.slice(-6)}` });
  },
});

export const sendEmail = defineTask({
  name: "sendEmail",
  description: "Sends one email",
  input: z.object({
    to: z.email(),
    subject: z.string().min(1),
    priority: z.enum(["low", "normal", "high"]).default("normal"),
    sendAt: z.date().optional(),
    tags: z.array(z.string()).default([]),
    tracking: z.object({ opens: z.boolean(), campaign: z.string().optional() }).optional(),
  }),
  async run({ input, controller }) {
    return controller.success({ messageId: `msg-${input.to}`, sentAt: new Date() });
  },
});

export const waitForAbort = defineTask({
  name: "waitForAbort",
  description: "Runs until aborted",
  input: z.object({ label: z.string() }),
  async run({ controller, signal }) {
    await controller.status({ progress: 0.1, message: "waiting to be aborted" });
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    return controller.abort("stopped by its signal");
  },
});

export const tasks = { importCsv, charge, sendEmail, waitForAbort } as const;
