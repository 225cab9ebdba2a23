import type { AnyTaskDefinition, TaskTypes } from "./definition.js";
import type { TaskRecord } from "./record.js";

type typesOf<TDefinition> = NonNullable<TDefinition extends { "~types"?: infer TTypes } ? TTypes : never>;

/** What `trigger` accepts for a task: the input schema's input type. */
export type inferTaskInput<TDefinition extends AnyTaskDefinition> =
  typesOf<TDefinition> extends TaskTypes<infer TInput, any, any> ? TInput : never;

/** What `run` receives: the input schema's output type. */
export type inferTaskParsedInput<TDefinition extends AnyTaskDefinition> =
  typesOf<TDefinition> extends TaskTypes<any, infer TParsed, any> ? TParsed : never;

/** What a successful run produces. */
export type inferTaskOutput<TDefinition extends AnyTaskDefinition> =
  typesOf<TDefinition> extends TaskTypes<any, any, infer TOutput> ? TOutput : never;

export type inferTaskName<TDefinition extends AnyTaskDefinition> = TDefinition["name"];

/** A stored task of this definition, with its input and output typed. */
export type inferTaskRecord<TDefinition extends AnyTaskDefinition> = TaskRecord<
  inferTaskName<TDefinition>,
  inferTaskInput<TDefinition>,
  inferTaskOutput<TDefinition>
>;
