import superjson from "superjson";

/**
 * Task payloads (input, output, error data) cross the store as superjson text, so a Date, Map,
 * Set or BigInt comes back as what it was, and every store keeps them the same way.
 *
 * Most payloads are plain JSON, for which superjson's output is exactly `{"json":<value>}`; writing
 * that directly skips superjson's walk, which dominates the cost of a bulk trigger.
 */
const UNDEFINED_TEXT = superjson.stringify(undefined);

export function serialize(value: unknown): string {
  if (value === undefined) return UNDEFINED_TEXT;
  if (isPlainJson(value, 0)) return `{"json":${JSON.stringify(value)}}`;
  return superjson.stringify(value);
}

export function deserialize<T = unknown>(text: string): T {
  if (text === UNDEFINED_TEXT) return undefined as T;
  // Without a "meta" key superjson adds nothing to what JSON.parse gives.
  if (!text.includes('"meta"')) return (JSON.parse(text) as { json: T }).json;
  return superjson.parse<T>(text);
}

const MAX_DEPTH = 64;

function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      // NaN, ±Infinity and -0 need superjson's annotations to survive.
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
          if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
