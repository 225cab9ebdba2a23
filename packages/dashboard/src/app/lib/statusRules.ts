import type { TaskStatus } from "./types.js";

/*
 * Which statuses allow which management action: a copy of core's ALLOWED_STATUSES, so the browser
 * bundle does not pull in core. statusRules.test.ts fails when the two differ.
 */
export const ALLOWED_STATUSES = {
  update: ["pending"],
  delete: ["pending", "success", "failed", "aborted"],
  abort: ["pending", "running"],
  retry: ["failed", "aborted"],
} as const satisfies Record<string, readonly TaskStatus[]>;

export type ManagementAction = keyof typeof ALLOWED_STATUSES;

const REASONS: Record<ManagementAction, string> = {
  update: "Only a pending task can be changed.",
  delete: "A running task cannot be deleted; abort it first.",
  abort: "Only a pending or running task can be aborted.",
  retry: "Only a failed or aborted task can be retried.",
};

/** Undefined when the action is allowed in this status; otherwise why not. */
export function forbiddenBecause(action: ManagementAction, status: TaskStatus): string | undefined {
  return (ALLOWED_STATUSES[action] as readonly TaskStatus[]).includes(status) ? undefined : REASONS[action];
}
