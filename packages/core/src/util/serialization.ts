import superjson from "superjson";

/**
 * Task payloads (input, output, error data) cross the store as superjson text, so a Date, Map,
 * Set or BigInt comes back as what it was, and every store keeps them the same way.
 */
export function serialize(value: unknown): string {
  return superjson.stringify(value);
}

export function deserialize<T = unknown>(text: string): T {
  return superjson.parse<T>(text);
}
