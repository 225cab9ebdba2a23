import type { AnyTriggerRequest, TaskRecord, TaskRegistry } from "@errand/core";
import type { TRPCMutationProcedure } from "@trpc/server";
import type { TasksErrorShape } from "../../errors/formatTasksError.js";
import { unwrapResult } from "../../errors/toTRPCError.js";
import { withIsoDates } from "../../inputs/withIsoDates.js";
import type { TasksRouterDeps } from "../deps.js";
import { parseTriggerRequest, triggerManyParser } from "../inputs.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

type TasksMutation<TInput, TOutput> = TRPCMutationProcedure<{
  input: TInput;
  output: TOutput;
  meta: object;
  errorShape: TasksErrorShape;
}>;

/**
 * Written out, not inferred: tRPC's inferred input is a conditional type over the union of every
 * task's request, and the built `.d.ts` spelled it out, so that an installed app checked it
 * member against member (500 tasks: 1.6M more instantiations than from source). Named, it is
 * looked up per task like everything else.
 */
export interface TriggerProcedures<TRegistry> {
  trigger: TasksMutation<AnyTriggerRequest<TRegistry>, TaskRecord>;
  triggerMany: TasksMutation<AnyTriggerRequest<TRegistry>[], TaskRecord[]>;
}

export function triggerProcedures<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { errand, access, present, maxBatchSize }: TasksRouterDeps<TRegistry>,
): TriggerProcedures<TRegistry> {
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
