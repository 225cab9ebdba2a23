/** The part of JSON Schema (draft 2020-12, as zod writes it) that the trigger form understands. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
}

export type FieldKind =
  | "object"
  | "array"
  | "string"
  | "date"
  | "number"
  | "integer"
  | "boolean"
  | "enum"
  | "json";

/** A schema with `null` allowed is shown as its other branch, with a way to leave it empty. */
export function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const others = branches.filter((branch) => branch.type !== "null");
    if (others.length === 1 && others.length < branches.length) return { schema: others[0]!, nullable: true };
  }
  if (Array.isArray(schema.type) && schema.type.includes("null")) {
    const others = schema.type.filter((type) => type !== "null");
    if (others.length === 1) return { schema: { ...schema, type: others[0]! }, nullable: true };
  }
  return { schema, nullable: false };
}

/** Which control edits a value of this schema; "json" (a raw JSON box) for anything else. */
export function kindOf(schema: JsonSchema): FieldKind {
  if (schema.enum && schema.enum.length > 0) return "enum";
  if (schema.const !== undefined) return "enum";
  switch (schema.type) {
    case "object":
      return schema.properties ? "object" : "json";
    case "array":
      return schema.items ? "array" : "json";
    case "string":
      return schema.format === "date-time" ? "date" : "string";
    case "number":
    case "integer":
    case "boolean":
      return schema.type;
    default:
      return "json";
  }
}

/** The options of an enum field. */
export function enumValues(schema: JsonSchema): unknown[] {
  return schema.enum ?? (schema.const !== undefined ? [schema.const] : []);
}

/** A starting value: the schema's default, or an empty object with its fields' defaults. */
export function initialValue(schema: JsonSchema): unknown {
  const { schema: inner } = unwrapNullable(schema);
  if (inner.default !== undefined) return reviveDates(inner, inner.default);
  if (kindOf(inner) === "object") {
    // Only required fields start filled in: an optional nested object stays absent until edited.
    const required = new Set(inner.required ?? []);
    const value: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(inner.properties ?? {})) {
      const { schema: field } = unwrapNullable(property);
      const start =
        field.default !== undefined || required.has(key)
          ? (initialValue(property) ?? (kindOf(field) === "boolean" ? false : undefined))
          : undefined;
      if (start !== undefined) value[key] = start;
    }
    return value;
  }
  if (kindOf(inner) === "array") return [];
  return undefined;
}

/**
 * Turns ISO strings into Dates where the schema says date-time: for input typed as raw JSON,
 * and for defaults. Other values are left as they are, for zod to judge.
 */
export function reviveDates(schema: JsonSchema, value: unknown): unknown {
  const { schema: inner } = unwrapNullable(schema);
  const kind = kindOf(inner);
  if (kind === "date" && typeof value === "string") {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date;
  }
  if (kind === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const property = inner.properties?.[key];
        return [key, property ? reviveDates(property, item) : item];
      }),
    );
  }
  if (kind === "array" && Array.isArray(value) && inner.items) {
    return value.map((item) => reviveDates(inner.items!, item));
  }
  return value;
}
