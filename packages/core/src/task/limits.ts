import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import { Result } from "../result.js";
import type { ClaimLimits, TaskLimits } from "../store/claimRules.js";

/**
 * At most `limit` attempts of this task run at once across every runner sharing the store; with
 * `key`, at most `limit` per key (e.g. per tenant). `key` runs at trigger time on the parsed input
 * and its value is stored with the task (`concurrencyKey`).
 */
export interface ConcurrencyLimit<TInput> {
  limit: number;
  key?: (input: TInput) => string;
}

/**
 * At most `limit` attempt starts in any `periodMs` window across every runner (per `key` when
 * given). A task over the limit waits pending; no attempt is spent.
 */
export interface RateLimit<TInput> {
  limit: number;
  periodMs: number;
  key?: (input: TInput) => string;
}

/** A key is stored and indexed: keep it short. */
const MAX_KEY_LENGTH = 255;

/**
 * Checks a definition's `concurrency` and `rateLimit`; throws a VALIDATION TaskError that says what
 * is wrong and how to fix it. `where` starts the message, e.g. `defineTask("importCsv")`.
 */
export function assertValidLimits(definition: object, where: string): void {
  const bad = (message: string) => {
    throw new TaskError(TaskErrorCode.VALIDATION, `${where}: ${message}`);
  };
  const wholeAtLeastOne = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;
  for (const option of ["concurrency", "rateLimit"] as const) {
    const value = (definition as { concurrency?: unknown; rateLimit?: unknown })[option];
    if (value === undefined) continue;
    const example =
      option === "concurrency"
        ? "{ limit: 2, key: (input) => input.tenantId }"
        : "{ limit: 100, periodMs: 60_000, key: (input) => input.tenantId }";
    if (typeof value !== "object" || value === null) bad(`${option} must be an object such as ${example}`);
    const { limit, key, periodMs } = value as { limit?: unknown; key?: unknown; periodMs?: unknown };
    if (!wholeAtLeastOne(limit)) {
      bad(
        `${option}.limit must be a whole number of at least 1, got ${String(limit)}; e.g. ${option}: ${example}`,
      );
    }
    if (key !== undefined && typeof key !== "function") {
      bad(
        `${option}.key must be a function of the input returning a string (e.g. (input) => input.tenantId), or left out`,
      );
    }
    if (option === "rateLimit" && !wholeAtLeastOne(periodMs)) {
      bad(`rateLimit.periodMs must be a whole number of milliseconds of at least 1, got ${String(periodMs)}`);
    }
  }
}

type Limited = {
  name: string;
  concurrency?: ConcurrencyLimit<any> | undefined;
  rateLimit?: RateLimit<any> | undefined;
};

/** The limits a runner passes to each claim, by task name. */
export function claimLimitsOf(definitions: Iterable<Limited>): ClaimLimits {
  const limits: Record<string, TaskLimits> = {};
  for (const definition of definitions) {
    const { concurrency, rateLimit } = definition;
    if (!concurrency && !rateLimit) continue;
    limits[definition.name] = {
      concurrency: concurrency ? { limit: concurrency.limit } : undefined,
      rate: rateLimit ? { limit: rateLimit.limit, periodMs: rateLimit.periodMs } : undefined,
    };
  }
  return limits;
}

type LimitKeys = { readonly concurrencyKey: string | null; readonly rateKey: string | null };

/** Most tasks have no key function; a bulk trigger then makes no objects here. */
const NO_KEYS: Result<LimitKeys, TaskError> = Result.ok(
  Object.freeze({ concurrencyKey: null, rateKey: null }),
);

/** Runs the key functions on a task's parsed input, at trigger time. */
export function limitKeysOf(definition: Limited, input: unknown): Result<LimitKeys, TaskError> {
  if (!definition.concurrency?.key && !definition.rateLimit?.key) return NO_KEYS;
  const concurrencyKey = keyOf(definition, "concurrency", definition.concurrency?.key, input);
  if (concurrencyKey.isFail()) return concurrencyKey;
  const rateKey = keyOf(definition, "rateLimit", definition.rateLimit?.key, input);
  if (rateKey.isFail()) return rateKey;
  return Result.ok({ concurrencyKey: concurrencyKey.value, rateKey: rateKey.value });
}

function keyOf(
  definition: Limited,
  option: string,
  key: ((input: any) => string) | undefined,
  input: unknown,
): Result<string | null, TaskError> {
  if (!key) return Result.ok(null);
  const refuse = (message: string, cause?: unknown) =>
    Result.fail(
      new TaskError(TaskErrorCode.VALIDATION, `${option}.key of task "${definition.name}" ${message}`, {
        cause,
      }),
    );
  let value: unknown;
  try {
    value = key(input);
  } catch (error) {
    return refuse(`threw: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_KEY_LENGTH) {
    return refuse(
      `must return a non-empty string of at most ${MAX_KEY_LENGTH} characters, got ${JSON.stringify(value)}`,
    );
  }
  return Result.ok(value);
}
