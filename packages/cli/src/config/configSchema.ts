import { z } from "zod";

const isFunction = (value: unknown) => typeof value === "function";

const storeSchema = z.union(
  [
    z.object({ sqlite: z.string().min(1) }).strict(),
    z.object({ postgres: z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres://") }).strict(),
    z.custom<() => unknown>(isFunction),
  ],
  { error: 'must be { sqlite: "<file>" }, { postgres: "postgres://..." } or a function returning a Store' },
);

/** The shape of errand.config.ts's default export; unknown keys are rejected to catch typos. */
export const configSchema = z
  .object({
    root: z.string().min(1).optional(),
    generated: z.string().min(1).optional(),
    store: storeSchema.optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    host: z.string().min(1).optional(),
    context: z.custom<() => unknown>(isFunction, "must be a function returning the context").optional(),
  })
  .strict();

/** One readable line per problem: `store: must be ...`, `Unrecognized key: "prot"`. */
export function describeConfigIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
