import type { TaskChange } from "@errand/core";
import type { PgContext } from "./context.js";
import { MISSED, type TaskListener } from "./listen.js";

/** A notification of migration 3's trigger as a change: ids, or "*" (too many, or missed). */
export function parseChange(payload: string): TaskChange {
  if (payload === MISSED || payload === "") return { type: "unknown" };
  return { type: "tasks", ids: payload.split(",") };
}

/** `Store.watchChanges` on Postgres: every process's writes, over the store's LISTEN connection. */
export function watchChanges(
  ctx: PgContext,
  listener: TaskListener,
  onChange: (change: TaskChange) => void,
): () => void {
  return listener.on(ctx.changesChannel, (payload) => onChange(parseChange(payload)));
}
