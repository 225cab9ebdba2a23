import superjson from "superjson";
import { payloadError } from "../errors/payloadError.js";
import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import { Result } from "../result.js";
import { inspectPayload } from "./payloadShape.js";

/**
 * Task payloads (input, output, error data) cross the store as superjson text, so a Date, Map,
 * Set or BigInt comes back as what it was, and every store keeps them the same way.
 *
 * Most payloads are plain JSON, for which superjson's output is exactly `{"json":<value>}`; writing
 * that directly skips superjson's walk, which dominates the cost of a bulk trigger.
 */
const UNDEFINED_TEXT = superjson.stringify(undefined);

/**
 * Encodes a payload for the store, or refuses it (VALIDATION) when it could not be read back:
 * see `payloadShape.ts`. `what` names the payload in the message, e.g. `The input of task "x"`;
 * `root` starts the path shown, e.g. `input`.
 */
export function encodePayload(value: unknown, what: string, root: string): Result<string, TaskError> {
  if (value === undefined) return Result.ok(UNDEFINED_TEXT);
  const shape = inspectPayload(value);
  if (shape.problem) return Result.fail(payloadError(what, root, shape.problem));
  // One stringify of the wrapper, not a template around the value's text: the template's result is
  // a rope of three strings that stays alive (and is copied by the collector) until the insert.
  if (shape.plain) return Result.ok(JSON.stringify({ json: value }));
  try {
    return Result.ok(superjson.stringify(value));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return Result.fail(
      new TaskError(TaskErrorCode.VALIDATION, `${what} cannot be stored: superjson refused it (${reason}).`, {
        cause: error,
      }),
    );
  }
}

/** Encodes a payload errand itself built; one it cannot store is a bug, so this throws. */
export function serialize(value: unknown): string {
  return encodePayload(value, "A payload", "value").unwrap();
}

export function deserialize<T = unknown>(text: string): T {
  if (text === UNDEFINED_TEXT) return undefined as T;
  // Without a "meta" key superjson adds nothing to what JSON.parse gives.
  if (!text.includes('"meta"')) return (JSON.parse(text) as { json: T }).json;
  return superjson.parse<T>(text);
}
