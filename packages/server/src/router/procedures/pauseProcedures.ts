import type { TaskManager, TaskRegistry } from "@errand/core";
import { z } from "zod";
import { unwrapResult } from "../../errors/toTRPCError.js";
import type { TasksRouterDeps } from "../deps.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

const nameInput = z.object({ name: z.string().min(1).max(200) }).strict();

/**
 * Pause and resume a task name for every runner sharing the store; `stats` lists the paused
 * names. Core refuses a name the registry does not know (UNKNOWN_TASK, a 404).
 */
export function pauseProcedures<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { errand, access }: TasksRouterDeps<TRegistry>,
) {
  // Over the wire the name is a string; core checks it against the registry.
  const tasks = errand.tasks as unknown as TaskManager<TaskRegistry>;
  return {
    /** No runner claims tasks of this name until `resume`; running ones finish. */
    pause: base.input(nameInput).mutation(async ({ ctx, input }) => {
      await access.check(ctx, "pause", input.name);
      return unwrapResult(await tasks.pause(input.name));
    }),

    resume: base.input(nameInput).mutation(async ({ ctx, input }) => {
      await access.check(ctx, "resume", input.name);
      return unwrapResult(await tasks.resume(input.name));
    }),
  };
}
