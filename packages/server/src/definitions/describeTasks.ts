import type { AnyTaskDefinition, RetryPolicy } from "@errand/core";
import { z } from "zod";

export interface TaskDescription {
  name: string;
  description: string | null;
  /**
   * JSON Schema of what `trigger` accepts (the schema's input side), or null when the schema
   * cannot be expressed in JSON Schema at all.
   */
  inputSchema: Record<string, unknown> | null;
  retry: RetryPolicy | null;
  timeoutMs: number | null;
  /** The declared flow-control limits; `keyed` when the limit holds per `key(input)`. */
  concurrency: { limit: number; keyed: boolean } | null;
  rateLimit: { limit: number; periodMs: number; keyed: boolean } | null;
}

/** The registry for forms, docs and the dashboard; sorted by name so the output is stable. */
export function describeTasks(definitions: ReadonlyMap<string, AnyTaskDefinition>): TaskDescription[] {
  return [...definitions.values()]
    .map((definition) => ({
      name: definition.name,
      description: definition.description ?? null,
      inputSchema: inputJsonSchema(definition.input),
      retry: definition.retry ?? null,
      timeoutMs: definition.timeoutMs ?? null,
      concurrency: definition.concurrency
        ? { limit: definition.concurrency.limit, keyed: definition.concurrency.key !== undefined }
        : null,
      rateLimit: definition.rateLimit
        ? {
            limit: definition.rateLimit.limit,
            periodMs: definition.rateLimit.periodMs,
            keyed: definition.rateLimit.key !== undefined,
          }
        : null,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function inputJsonSchema(schema: z.ZodType): Record<string, unknown> | null {
  try {
    // "any" turns a part JSON Schema cannot say (a Date, a custom check) into {} instead of failing
    // the whole schema; a schema zod cannot walk at all still throws, and is reported as null.
    return z.toJSONSchema(schema, {
      io: "input",
      unrepresentable: "any",
      override({ zodSchema, jsonSchema }) {
        // A Date travels as an ISO date-time through superjson; say so, or a form could not tell it from `any`.
        if (zodSchema._zod.def.type === "date") {
          jsonSchema.type = "string";
          jsonSchema.format = "date-time";
        }
      },
    }) as Record<string, unknown>;
  } catch {
    return null;
  }
}
