import type { TaskPage, TaskRecord, TaskRegistry } from "@errand/core";
import { describeTasks, type TaskDescription } from "../../definitions/describeTasks.js";
import { unwrapResult } from "../../errors/toTRPCError.js";
import type { TasksRouterDeps } from "../deps.js";
import { idInput, logsInput, parseListQuery } from "../inputs.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

export function readProcedures<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { errand, access, present }: TasksRouterDeps<TRegistry>,
) {
  let descriptions: TaskDescription[] | undefined;
  return {
    get: base.input(idInput).query(async ({ ctx, input }): Promise<TaskRecord> => {
      const checked = await access.checkTask<TaskRecord>(ctx, "get", input.id);
      return present(checked ?? unwrapResult(await errand.tasks.get(input.id)));
    }),

    /** Newest first; pass `nextCursor` back as `cursor` for the next page. */
    list: base
      .input(parseListQuery<TRegistry>)
      .query(async ({ ctx, input }): Promise<TaskPage<TaskRecord>> => {
        await access.check(ctx, "list", input?.name);
        const page = unwrapResult(await errand.tasks.list(input));
        return { items: page.items.map(present), nextCursor: page.nextCursor };
      }),

    logs: base.input(logsInput).query(async ({ ctx, input }) => {
      await access.checkTask(ctx, "logs", input.id);
      return unwrapResult(await errand.tasks.logs(input.id, input.limit ? { limit: input.limit } : {}));
    }),

    stats: base.query(async ({ ctx }) => {
      await access.check(ctx, "stats", undefined);
      return unwrapResult(await errand.tasks.stats());
    }),

    /** Every declared schedule with its next tick and the last tick a runner handled. */
    schedules: base.query(async ({ ctx }) => {
      await access.check(ctx, "schedules", undefined);
      return unwrapResult(await errand.tasks.schedules());
    }),

    definitions: base.query(async ({ ctx }) => {
      await access.check(ctx, "definitions", undefined);
      descriptions ??= describeTasks(errand.definitions);
      return descriptions;
    }),
  };
}
