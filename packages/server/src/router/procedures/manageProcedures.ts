import type { TaskManager, TaskRecord, TaskRegistry } from "@errand/core";
import { unwrapResult } from "../../errors/toTRPCError.js";
import { patchWithIsoDates } from "../../inputs/withIsoDates.js";
import type { TasksRouterDeps } from "../deps.js";
import { abortInput, idInput, parseUpdate } from "../inputs.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

/** State changes. Core enforces which are allowed in which status; its CONFLICT maps to CONFLICT. */
export function manageProcedures<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { errand, access, present }: TasksRouterDeps<TRegistry>,
) {
  type TRecord = TaskRecord;
  return {
    /** Only while pending; a new `input` is validated against the task's schema. */
    update: base.input(parseUpdate).mutation(async ({ ctx, input }): Promise<TRecord> => {
      await access.checkTask(ctx, "update", input.id);
      // Over the wire the patch is untyped; core checks `name` and validates `input` itself.
      const tasks = errand.tasks as unknown as TaskManager<TaskRegistry>;
      const patch = await patchWithIsoDates(errand, input.id, input.patch);
      return present(unwrapResult(await tasks.update(input.id, patch)));
    }),

    /** Not while running: abort it first. */
    delete: base.input(idInput).mutation(async ({ ctx, input }) => {
      await access.checkTask(ctx, "delete", input.id);
      return unwrapResult(await errand.tasks.delete(input.id));
    }),

    /** Pending: aborted at once. Running: its signal fires and it ends aborted. */
    abort: base.input(abortInput).mutation(async ({ ctx, input }): Promise<TRecord> => {
      await access.checkTask(ctx, "abort", input.id);
      return present(unwrapResult(await errand.tasks.abort(input.id, input.reason)));
    }),

    /** Failed or aborted: back to pending with a fresh set of attempts. */
    retry: base.input(idInput).mutation(async ({ ctx, input }): Promise<TRecord> => {
      await access.checkTask(ctx, "retry", input.id);
      return present(unwrapResult(await errand.tasks.retry(input.id)));
    }),
  };
}
