import type { TaskRegistry } from "@errand/core";
import { z } from "zod";
import { TASKS_ACTIONS, type TasksAction } from "../../access/authorize.js";
import { type Activity, readActivity } from "../../overview/activity.js";
import type { TasksRouterDeps } from "../deps.js";
import type { TasksBaseProcedure } from "../tasksTRPC.js";

const activityInput = z
  .object({
    /** The window, ending now. Default 60. */
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    /** How many equal buckets the window is cut into. Default 30. */
    buckets: z.number().int().min(1).max(240).default(30),
  })
  .strict()
  .default({ minutes: 60, buckets: 30 });

const permissionsInput = z
  .object({ name: z.string().max(200).optional() })
  .strict()
  .default({});

/** What a dashboard needs besides the records: recent throughput, and what the caller may do. */
export function overviewProcedures<TRegistry extends TaskRegistry>(
  base: TasksBaseProcedure,
  { errand, access }: TasksRouterDeps<TRegistry>,
) {
  return {
    /** Tasks finished per bucket over the last `minutes` (succeeded and failed); needs `stats` access. */
    activity: base.input(activityInput).query(async ({ ctx, input }): Promise<Activity> => {
      await access.check(ctx, "stats", undefined);
      return readActivity(errand, input);
    }),

    /**
     * Which actions `authorize` allows this caller, on tasks named `name` (or with no name, as for
     * `stats`). Lets a UI disable what would be refused instead of failing on click.
     */
    permissions: base
      .input(permissionsInput)
      .query(async ({ ctx, input }): Promise<Record<TasksAction, boolean>> => {
        const entries = await Promise.all(
          TASKS_ACTIONS.map(
            async (action) => [action, await access.allows(ctx, action, input.name)] as const,
          ),
        );
        return Object.fromEntries(entries) as Record<TasksAction, boolean>;
      }),
  };
}
