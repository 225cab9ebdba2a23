import type { z } from "zod";
import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import type { ScheduleConfig } from "../schedule/scheduleConfig.js";
import type { StoredOutput, TaskConfig, TaskDefinition, ZodSchemaLike } from "./definition.js";
import { assertValidLimits } from "./limits.js";
import { isValidTaskName, TASK_NAME_PATTERN } from "./naming.js";
import type { TaskOutcome } from "./outcome.js";

/**
 * Declares a task. With an `output` schema, `controller.success` must be given that type; without
 * one, the output type is inferred from what `run` passes to `controller.success`.
 *
 * @example
 * export const sendEmail = defineTask({
 *   name: "sendEmail",
 *   input: z.object({ to: z.email(), subject: z.string() }),
 *   async run({ input, controller }) {
 *     const id = await mailer.send(input);
 *     return controller.success({ messageId: id });
 *   },
 * });
 */
export function defineTask<
  TName extends string,
  TInputSchema extends ZodSchemaLike,
  TOutputSchema extends ZodSchemaLike | undefined = undefined,
  TOutcome extends TaskOutcome<any> = TaskOutcome<any>,
>(
  config: TaskConfig<TName, TInputSchema, TOutputSchema, TOutcome>,
): TaskDefinition<TName, TInputSchema, StoredOutput<TOutputSchema, TOutcome>> {
  assertValidConfig(config);
  return Object.freeze({
    name: config.name,
    description: config.description,
    input: config.input,
    output: config.output as z.ZodType | undefined,
    retry: config.retry,
    timeoutMs: config.timeoutMs,
    schedules: config.schedule === undefined ? [] : ([] as ScheduleConfig[]).concat(config.schedule),
    concurrency: config.concurrency,
    rateLimit: config.rateLimit,
    run: config.run as TaskDefinition["run"],
    onBeforeRun: config.onBeforeRun as TaskDefinition["onBeforeRun"],
    onAfterRun: config.onAfterRun,
    onSuccess: config.onSuccess as TaskDefinition["onSuccess"],
    onError: config.onError,
    onAbort: config.onAbort,
  });
}

// A bad definition is a bug in the app, found when its module loads: throw, don't return a Result.
function assertValidConfig(
  config: { name: unknown; input: unknown; output?: unknown; run: unknown } & Record<string, any>,
) {
  const where = typeof config.name === "string" ? `defineTask("${config.name}")` : "defineTask";
  const bad = (message: string) => {
    throw new TaskError(TaskErrorCode.VALIDATION, `${where}: ${message}`);
  };
  if (typeof config.name !== "string" || !isValidTaskName(config.name)) {
    bad(
      `name must be a string matching ${TASK_NAME_PATTERN} (at most 200 characters), got ${JSON.stringify(config.name)}`,
    );
  }
  if (!isZodSchema(config.input)) bad("input must be a zod schema, e.g. z.object({ ... })");
  if (config.output !== undefined && !isZodSchema(config.output))
    bad("output must be a zod schema or left out");
  if (typeof config.run !== "function") bad("run must be a function");
  const maxAttempts = config.retry?.maxAttempts;
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    bad(`retry.maxAttempts must be a whole number of at least 1, got ${maxAttempts}`);
  }
  const backoff = config.retry?.backoff ?? {};
  for (const key of ["initialMs", "maxMs"] as const) {
    const value = backoff[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      bad(`retry.backoff.${key} must be >= 0`);
  }
  if (backoff.factor !== undefined && !(Number.isFinite(backoff.factor) && backoff.factor >= 1)) {
    bad("retry.backoff.factor must be >= 1");
  }
  if (config.timeoutMs !== undefined && !(Number.isFinite(config.timeoutMs) && config.timeoutMs > 0)) {
    bad(`timeoutMs must be a positive number of milliseconds, got ${config.timeoutMs}`);
  }
  assertValidLimits(config, where);
}

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === "object" && value !== null && typeof (value as z.ZodType).safeParse === "function";
}
