import type { RegistryTaskRecord, TaskRegistry } from "@errand/core";
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
      .mutation(async ({ ctx, input }): Promise<RegistryTaskRecord<TRegistry>> => {
        await access.check(ctx, "trigger", input.name);
        return present(unwrapResult(await errand.tasks.trigger(withIsoDates(errand, input) as any)));
      }),

    /** All or nothing: one bad request fails the batch and nothing is stored. */
    triggerMany: base
      .input(triggerManyParser<TRegistry>(maxBatchSize))
      .mutation(async ({ ctx, input }): Promise<RegistryTaskRecord<TRegistry>[]> => {
        for (const name of new Set(input.map((request) => request.name))) {
          await access.check(ctx, "trigger", name);
        }
        const requests = input.map((request) => withIsoDates(errand, request));
        return unwrapResult(await errand.tasks.triggerMany(requests)).map(present);
      }),
  };
}
