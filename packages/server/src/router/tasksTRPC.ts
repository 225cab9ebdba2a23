import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { formatTasksError } from "../errors/formatTasksError.js";

/**
 * The tRPC root errand uses when it is not given the app's own: superjson (so Dates and Maps in
 * inputs and outputs arrive as themselves) and the tasks error formatter.
 */
export function createTasksTRPC<TContext extends object>() {
  return initTRPC.context<TContext>().create({ transformer: superjson, errorFormatter: formatTasksError });
}

export type TasksTRPC<TContext extends object = any> = ReturnType<typeof createTasksTRPC<TContext>>;

/** The procedure builder every tasks procedure starts from. */
export type TasksBaseProcedure = TasksTRPC["procedure"];
