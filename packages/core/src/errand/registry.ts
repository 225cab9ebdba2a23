import type { AnyTaskDefinition } from "../task/definition.js";
import type { inferTaskInput, inferTaskRecord } from "../task/infer.js";

/** The app's tasks, keyed by name: what codegen writes to `errand.gen.ts`. */
export type TaskRegistry = Record<string, AnyTaskDefinition>;

type definitionsOf<TRegistry extends TaskRegistry> = TRegistry[keyof TRegistry];

export type inferTaskNames<TRegistry extends TaskRegistry> = definitionsOf<TRegistry>["name"];

export type TaskDefinitionByName<TRegistry extends TaskRegistry, TName extends string> = Extract<
  definitionsOf<TRegistry>,
  { name: TName }
>;

/** Any stored task of the registry: narrow it with `record.name === "..."`. */
export type RegistryTaskRecord<TRegistry extends TaskRegistry> = {
  [TKey in keyof TRegistry]: inferTaskRecord<TRegistry[TKey]>;
}[keyof TRegistry];

export type TaskRecordByName<TRegistry extends TaskRegistry, TName extends string> = inferTaskRecord<
  TaskDefinitionByName<TRegistry, TName>
>;

export interface TriggerOptions {
  /** Run no earlier than this. */
  runAt?: Date;
  /** Run no earlier than this many ms from now (ignored when `runAt` is given). */
  delayMs?: number;
  /** Higher runs first. Default 0. */
  priority?: number;
  /** A second trigger with the same name and key returns the first task; nothing new is stored. */
  idempotencyKey?: string;
  /** Overrides the definition's `retry.maxAttempts`. */
  maxAttempts?: number;
  parentId?: string;
}

export interface TriggerRequest<TRegistry extends TaskRegistry, TName extends inferTaskNames<TRegistry>> {
  name: TName;
  input: inferTaskInput<TaskDefinitionByName<TRegistry, TName>>;
  options?: TriggerOptions;
}

/** A trigger request for any task of the registry (what `triggerMany` and the router take). */
export type AnyTriggerRequest<TRegistry extends TaskRegistry> = {
  [TName in inferTaskNames<TRegistry>]: TriggerRequest<TRegistry, TName>;
}[inferTaskNames<TRegistry>];
