import type { z } from "zod";

/*
 * JSON has no date type, so a caller writing JSON by hand (the CLI's --input, curl, another
 * language) sends "2026-12-01T09:00:00Z" where a task's schema has z.date(). This walks the schema
 * alongside the value and turns such strings into Dates, only at z.date() positions, only when
 * they are ISO 8601; anything else is left for the schema to reject with its own message.
 * Callers that send real Dates (the typed client, through superjson) are untouched.
 */

/** `2026-12-01`, `2026-12-01T09:00`, `2026-12-01T09:00:00.123Z`, `...+02:00` */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

type Def = { type: string } & Record<string, unknown>;
type Schema = z.ZodType;

const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Which schemas hold a z.date() anywhere: most hold none, and their values are returned as is. */
const holdsDate = new WeakMap<Schema, boolean>();

/** The value with ISO strings turned into Dates where `schema` wants a date. Never mutates `value`. */
export function acceptIsoDates(schema: Schema, value: unknown): unknown {
  let holds = holdsDate.get(schema);
  if (holds === undefined) {
    holds = hasDate(schema, new Set());
    holdsDate.set(schema, holds);
  }
  return holds ? convert(schema, value) : value;
}

function convert(schema: Schema, value: unknown): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case "date":
      return typeof value === "string" && ISO_DATE.test(value.trim()) && !Number.isNaN(Date.parse(value))
        ? new Date(value.trim())
        : value;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return value === undefined || value === null ? value : convert(def.innerType as Schema, value);
    case "pipe":
      return convert(def.in as Schema, value);
    case "lazy":
      return convert((def.getter as () => Schema)(), value);
    case "object": {
      if (!isPlainObject(value)) return value;
      const shape = def.shape as Record<string, Schema>;
      const catchall = def.catchall as Schema | undefined;
      return mapEntries(value, (key, item) => {
        const field = Object.hasOwn(shape, key) ? shape[key] : catchall;
        return field ? convert(field, item) : item;
      });
    }
    case "record":
      if (!isPlainObject(value)) return value;
      return mapEntries(value, (_key, item) => convert(def.valueType as Schema, item));
    case "array":
      return Array.isArray(value) ? value.map((item) => convert(def.element as Schema, item)) : value;
    case "tuple": {
      if (!Array.isArray(value)) return value;
      const items = def.items as Schema[];
      const rest = def.rest as Schema | null | undefined;
      return value.map((item, index) => {
        const at = items[index] ?? rest;
        return at ? convert(at, item) : item;
      });
    }
    case "intersection":
      return convert(def.right as Schema, convert(def.left as Schema, value));
    case "union": {
      // A value one option already accepts (a string where `z.date().or(z.string())`) stays as it is.
      if ((schema as Schema).safeParse(value).success) return value;
      for (const option of def.options as Schema[]) {
        const converted = convert(option, value);
        if (converted !== value && option.safeParse(converted).success) return converted;
      }
      return value;
    }
    default:
      return value;
  }
}

function hasDate(schema: Schema, seen: Set<Schema>): boolean {
  if (seen.has(schema)) return false; // a recursive schema: its other branches decide
  seen.add(schema);
  return defOf(schema).type === "date" || children(defOf(schema)).some((child) => hasDate(child, seen));
}

function children(def: Def): Schema[] {
  const found: Schema[] = [];
  for (const key of ["innerType", "in", "element", "valueType", "catchall", "rest", "left", "right"]) {
    if (def[key]) found.push(def[key] as Schema);
  }
  if (def.type === "object") found.push(...Object.values(def.shape as Record<string, Schema>));
  if (def.type === "tuple") found.push(...(def.items as Schema[]));
  if (def.type === "union") found.push(...(def.options as Schema[]));
  if (def.type === "lazy") found.push((def.getter as () => Schema)());
  return found;
}

/**
 * A copy with each own property mapped. Defined, not assigned: an own `__proto__` key in a parsed
 * JSON body must stay an own property (the schema then sees it as sent), not become the copy's prototype.
 */
function mapEntries(
  value: Record<string, unknown>,
  map: (key: string, item: unknown) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: map(key, item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
