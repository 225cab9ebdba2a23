import type { Errand, TaskRegistry } from "@errand/core";
import { TRPCError } from "@trpc/server";
import { unwrapResult } from "../errors/toTRPCError.js";

export type TasksAction =
  | "trigger"
  | "get"
  | "list"
  | "logs"
  | "stats"
  | "definitions"
  | "schedules"
  | "watch"
  | "update"
  | "delete"
  | "abort"
  | "retry"
  | "pause"
  | "resume";

export interface AuthorizeRequest<TContext> {
  ctx: TContext;
  action: TasksAction;
  /**
   * The task's name: the one being triggered, paused or resumed, the one of the task addressed by
   * id, or the `name` filter of `list`/`watch`. Undefined for `stats`, `definitions`, `schedules`,
   * an unfiltered list, or an id
   * that matches no task.
   */
  name: string | undefined;
}

/**
 * Return false to refuse (FORBIDDEN), or throw a `TRPCError` such as UNAUTHORIZED yourself.
 * Anything else thrown also refuses the call (as an internal error): access checks fail closed.
 */
export type Authorize<TContext> = (request: AuthorizeRequest<TContext>) => boolean | Promise<boolean>;

export const TASKS_ACTIONS: readonly TasksAction[] = [
  "trigger",
  "get",
  "list",
  "logs",
  "stats",
  "definitions",
  "schedules",
  "watch",
  "update",
  "delete",
  "abort",
  "retry",
  "pause",
  "resume",
];

export interface Access {
  /** Whether `check` would pass; a refusal (FORBIDDEN or UNAUTHORIZED) is false, other errors throw. */
  allows(ctx: unknown, action: TasksAction, name: string | undefined): Promise<boolean>;
  check(ctx: unknown, action: TasksAction, name: string | undefined): Promise<void>;
  /** Looks the task up for its name, checks access, and returns the record (NOT_FOUND when missing). */
  checkTask<TRecord>(ctx: unknown, action: TasksAction, id: string): Promise<TRecord | undefined>;
}

export function createAccess<TRegistry extends TaskRegistry>(
  errand: Errand<TRegistry>,
  authorize: Authorize<any> | undefined,
): Access {
  const check: Access["check"] = async (ctx, action, name) => {
    if (!authorize) return;
    const allowed = await authorize({ ctx, action, name });
    if (allowed !== true) {
      const what = name === undefined ? "" : ` on "${name}" tasks`;
      throw new TRPCError({ code: "FORBIDDEN", message: `Not allowed to ${action}${what}.` });
    }
  };
  return {
    check,
    async allows(ctx, action, name) {
      try {
        await check(ctx, action, name);
        return true;
      } catch (error) {
        if (error instanceof TRPCError && (error.code === "FORBIDDEN" || error.code === "UNAUTHORIZED")) {
          return false;
        }
        throw error;
      }
    },
    async checkTask(ctx, action, id) {
      // Without an authorize function there is nothing to look up: the action itself reports NOT_FOUND.
      if (!authorize) return undefined;
      const found = await errand.tasks.get(id);
      if (found.isFail() && found.error.code !== "NOT_FOUND") unwrapResult(found);
      // A missing id is checked too, so a refused caller cannot probe which ids exist.
      await check(ctx, action, found.isOk() ? found.value.name : undefined);
      return unwrapResult(found) as any;
    },
  };
}
