import type { Logger } from "pino";
import type { Result } from "../result.js";
import type { TaskHooks } from "../task/definition.js";
import type { TaskRecord } from "../task/record.js";
import type { TriggerOptions } from "./registry.js";

export interface BeforeTriggerEvent {
  name: string;
  input: unknown;
  options: TriggerOptions;
}

/** Hooks for every task. Per-task hooks of the same name run after these. */
export interface ErrandHooks extends TaskHooks {
  /** Return a failed Result to refuse the trigger; nothing is stored. A throw refuses it too. */
  onBeforeTrigger?(
    event: BeforeTriggerEvent,
    // biome-ignore lint/suspicious/noConfusingVoidType: a hook that allows the trigger returns nothing
  ): void | Result<unknown, unknown> | Promise<void | Result<unknown, unknown>>;
  /** After the task is stored (not for an idempotent repeat). */
  onAfterTrigger?(event: { task: TaskRecord }): void | Promise<void>;
}

/**
 * Runs a notification hook. A hook that throws or rejects is logged, never rethrown: one bad hook
 * must not kill a runner or fail work that already happened.
 */
export async function callHookSafely<TEvent>(
  logger: Logger,
  hookName: string,
  hook: ((event: TEvent) => unknown) | undefined,
  event: TEvent,
): Promise<void> {
  if (!hook) return;
  try {
    await hook(event);
  } catch (error) {
    logger.error({ err: error, hook: hookName }, `errand hook ${hookName} threw; ignored`);
  }
}
