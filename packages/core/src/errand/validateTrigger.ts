import { z } from "zod";
import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import { Result } from "../result.js";
import { DEFAULT_MAX_ATTEMPTS } from "../runner/backoff.js";
import { SCHEDULE_KEY_PREFIX } from "../schedule/tickKey.js";
import type { NewTaskRow } from "../store/rows.js";
import type { AnyTaskDefinition } from "../task/definition.js";
import { limitKeysOf } from "../task/limits.js";
import { newTaskId } from "../util/ids.js";
import { encodePayload } from "../util/serialization.js";
import type { TriggerOptions } from "./registry.js";

const MAX_PRIORITY = 1_000_000;
const NO_OPTIONS: TriggerOptions = Object.freeze({});

const triggerOptionsSchema = z
  .object({
    runAt: z
      .date()
      .refine((d) => !Number.isNaN(d.getTime()), "runAt must be a valid Date")
      .optional(),
    delayMs: z
      .number()
      .int()
      .min(0)
      .max(10 * 365 * 24 * 3600 * 1000)
      .optional(),
    priority: z.number().int().min(-MAX_PRIORITY).max(MAX_PRIORITY).optional(),
    idempotencyKey: z.string().min(1).max(255).optional(),
    maxAttempts: z.number().int().min(1).max(1000).optional(),
    parentId: z.string().min(1).max(64).optional(),
    debounce: z
      .object({
        key: z.string().min(1).max(255),
        delayMs: z
          .number()
          .int()
          .min(0)
          .max(10 * 365 * 24 * 3600 * 1000),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((options) => !options.debounce || (options.runAt === undefined && options.delayMs === undefined), {
    message: "debounce sets the run time (now + debounce.delayMs): leave out runAt and delayMs",
    path: ["debounce"],
  })
  .refine((options) => !options.debounce || options.idempotencyKey === undefined, {
    message:
      "debounce and idempotencyKey do not mix: idempotencyKey keeps the first trigger, debounce the last; pick one",
    path: ["debounce"],
  });

export function unknownTaskError(name: unknown, known: Iterable<string>): TaskError {
  const names = [...known].sort();
  return new TaskError(
    TaskErrorCode.UNKNOWN_TASK,
    `No task named ${JSON.stringify(name)} is registered. Known tasks: ${names.join(", ") || "(none)"}. ` +
      "Define it with defineTask and add it to the registry (run `errand codegen`).",
    { data: { name, known: names } },
  );
}

export function validationError(what: string, error: z.ZodError): TaskError {
  return new TaskError(TaskErrorCode.VALIDATION, `${what}:\n${z.prettifyError(error)}`, {
    data: { issues: error.issues },
  });
}

/** Checks one trigger request and turns it into a row to insert; nothing touches the store here. */
export function prepareTrigger(
  definitions: ReadonlyMap<string, AnyTaskDefinition>,
  name: unknown,
  rawInput: unknown,
  rawOptions: unknown,
  now: number,
): Result<NewTaskRow, TaskError> {
  const definition = typeof name === "string" ? definitions.get(name) : undefined;
  if (!definition) return Result.fail(unknownTaskError(name, definitions.keys()));
  let options: TriggerOptions = NO_OPTIONS;
  // Most triggers pass no options; skipping the schema for them is measurable in a bulk trigger.
  if (rawOptions !== undefined) {
    if (!isPlainObject(rawOptions)) {
      return Result.fail(
        new TaskError(
          TaskErrorCode.VALIDATION,
          `Invalid trigger options for task "${definition.name}": options must be a plain object such as { delayMs: 1000 }`,
        ),
      );
    }
    const parsedOptions = triggerOptionsSchema.safeParse(rawOptions);
    if (!parsedOptions.success) {
      return Result.fail(
        validationError(`Invalid trigger options for task "${definition.name}"`, parsedOptions.error),
      );
    }
    options = parsedOptions.data;
    if (options.idempotencyKey?.startsWith(SCHEDULE_KEY_PREFIX)) {
      // Those keys name schedule ticks: a trigger holding one would stand in for a tick's run.
      return Result.fail(
        new TaskError(
          TaskErrorCode.VALIDATION,
          `Invalid trigger options for task "${definition.name}": idempotency keys starting with "${SCHEDULE_KEY_PREFIX}" are kept for schedules; choose another key`,
        ),
      );
    }
  }
  const input = definition.input.safeParse(rawInput);
  if (!input.success) {
    return Result.fail(validationError(`Invalid input for task "${definition.name}"`, input.error));
  }
  // The input as given, not as parsed: it is parsed again before each run, and a schema with
  // transforms would not accept its own output.
  const encoded = encodePayload(rawInput, `The input of task "${definition.name}"`, "input");
  if (encoded.isFail()) return Result.fail(encoded.error);
  const keys = limitKeysOf(definition, input.data);
  if (keys.isFail()) return Result.fail(keys.error);
  return Result.ok({
    id: newTaskId(),
    name: definition.name,
    input: encoded.value,
    maxAttempts: options.maxAttempts ?? definition.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    priority: options.priority ?? 0,
    runAt: options.runAt?.getTime() ?? now + (options.debounce?.delayMs ?? options.delayMs ?? 0),
    parentId: options.parentId ?? null,
    idempotencyKey: options.idempotencyKey ?? null,
    createdAt: now,
    concurrencyKey: keys.value.concurrencyKey,
    rateKey: keys.value.rateKey,
    debounceKey: options.debounce?.key ?? null,
  });
}

export { triggerOptionsSchema };

function isPlainObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
