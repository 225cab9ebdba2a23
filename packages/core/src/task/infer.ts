import type { TaskRecord } from "./record.js";

/*
 * Each helper reads the definition's phantom `~types` and nothing else: no structural check of its
 * zod schemas, so looking a task up costs the same in a registry of 5 tasks or 5,000.
 */
type typesOf<TDefinition> = NonNullable<TDefinition extends { "~types"?: infer TTypes } ? TTypes : never>;

/** What `trigger` accepts for a task: the input schema's input type. */
export type inferTaskInput<TDefinition> =
  typesOf<TDefinition> extends { input: infer TInput } ? TInput : never;

/** What `run` receives: the input schema's output type. */
export type inferTaskParsedInput<TDefinition> =
  typesOf<TDefinition> extends { parsedInput: infer TParsed } ? TParsed : never;

/** What a successful run produces (and is stored): the output schema's output type, or the inferred one. */
export type inferTaskOutput<TDefinition> =
  typesOf<TDefinition> extends { output: infer TOutput } ? TOutput : never;

export type inferTaskName<TDefinition> = TDefinition extends { readonly name: infer TName extends string }
  ? TName
  : never;

/** A stored task of this definition, with its input and output typed. */
export type inferTaskRecord<TDefinition> = TaskRecord<
  inferTaskName<TDefinition>,
  inferTaskInput<TDefinition>,
  inferTaskOutput<TDefinition>
>;
