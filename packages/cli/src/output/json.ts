/**
 * JSON for `--json` and for printed inputs and outputs. Payloads come back through superjson, so
 * they may hold a Map, Set or BigInt, which JSON.stringify would drop or throw on.
 */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, replacer, indent) ?? "undefined";
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}
