import type { TaskDefinitionLike } from "../task/definition.js";
import type { inferTaskInput, inferTaskRecord } from "../task/infer.js";

/**
 * The app's tasks, keyed by name: what codegen writes to `errand.gen.ts`. Every type below looks a
 * task up by its key (`TRegistry[TName]`), so its cost does not grow with the number of tasks.
 * Its values are checked as `TaskDefinitionLike` (name, run, phantom types), never structurally
 * against zod's schema types: that check would cost hundreds of instantiations per task.
 */
export type TaskRegistry = Record<string, TaskDefinitionLike>;

/** The registry's task names (its keys; `createErrand` checks each key is its task's name). */
export type inferTaskNames<TRegistry> = keyof TRegistry & string;

export type TaskDefinitionByName<TRegistry, TName extends keyof TRegistry> = TRegistry[TName];

/** A stored task of this name, its input and output typed. */
export type TaskRecordByName<TRegistry, TName extends keyof TRegistry> = inferTaskRecord<TRegistry[TName]>;

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
  /**
   * While a task of this name and `key` is still pending, this trigger replaces its input and
   * pushes its run time to now + `delayMs` instead of adding a task; once it was claimed, the next
   * trigger adds a new one. (idempotencyKey keeps the first trigger; debounce keeps the last.)
   */
  debounce?: { key: string; delayMs: number };
}

/** The sentence a name typed as a union of names meets: each trigger is of one task. */
export type NameIsAUnion =
  "errand: `name` must be one task's name, not a union of names; trigger each task on its own";

type isUnion<T, TAll = T> = T extends unknown ? ([TAll] extends [T] ? false : true) : never;

/**
 * The input `trigger` takes for `TName`: its schema's input type; a sentence when TName is a
 * union. All names at once is what a misspelt name leaves: its own error says so, and the input
 * is not checked as well.
 */
export type TriggerInput<TRegistry, TName extends keyof TRegistry> =
  true extends isUnion<TName>
    ? [keyof TRegistry & string] extends [TName]
      ? unknown
      : NameIsAUnion
    : inferTaskInput<TRegistry[TName]>;

export interface TriggerRequest<TRegistry, TName extends keyof TRegistry & string> {
  name: TName;
  input: TriggerInput<TRegistry, TName>;
  options?: TriggerOptions;
}

/**
 * A trigger request for any task of the registry (what `triggerMany` and the router take): a
 * union discriminated on `name`, so each request's input is checked against its own task.
 */
export type AnyTriggerRequest<TRegistry> =
  | {
      [TName in keyof TRegistry & string]: {
        name: TName;
        input: inferTaskInput<TRegistry[TName]>;
        options?: TriggerOptions;
      };
    }[keyof TRegistry & string]
  | NoTriggerRequest<TRegistry>;

declare const noTask: unique symbol;

/**
 * A member no request can match (its name is a symbol nobody holds) and without `input`. Only so
 * that TypeScript, elaborating a wrong request, cannot read `input` off the whole union and report
 * against every task's input at once: it matches the request's own task by `name` instead, and
 * names that task's fields. It also carries the registry, for clients that only see this type.
 */
export interface NoTriggerRequest<TRegistry> {
  readonly name: typeof noTask;
  readonly "~registry"?: TRegistry;
}
