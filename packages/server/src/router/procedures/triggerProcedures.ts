import type { TaskRecord, TaskRegistry } from "@errand/core";
import { unwrapResult } from "../../errors/toTRPCError.js";
import { withIsoDates } from "../../inputs/withIsoDates.js";
import type { TasksRouterDeps } from "../deps.js";
import { parseTriggerRequest, triggerManyParser } from "../inputs.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

export function triggerProcedures<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { errand, access, present, maxBatchSize }: TasksRouterDeps<TRegistry>,
) {
  return {
    /** Validates the input against the task's own schema and stores the task; returns its record. */
    trigger: base
      .input(parseTriggerRequest<TRegistry>)
      .mutation(async ({ ctx, input }): Promise<TaskRecord> => {
        // The parser checked `name` is a string; the type's extra member is never sent.
        await access.check(ctx, "trigger", input.name as string);
        return present(
          unwrapResult(await errand.tasks.trigger(withIsoDates(errand, input as { name: string }) as any)),
        );
      }),

    /** All or nothing: one bad request fails the batch and nothing is stored. */
    triggerMany: base
      .input(triggerManyParser<TRegistry>(maxBatchSize))
      .mutation(async ({ ctx, input }): Promise<TaskRecord[]> => {
        for (const name of new Set(input.map((request) => request.name))) {
          await access.check(ctx, "trigger", name as string);
        }
        const requests = input.map((request) => withIsoDates(errand, request as { name: string }));
        return unwrapResult(await errand.tasks.triggerMany(requests as never)).map(present);
      }),
  };
}
