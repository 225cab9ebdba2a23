import { type ClaimRequest, compareForClaim, type TaskRow } from "@errand/core/store";
import type { PgContext, Queryable } from "./context.js";
import { rowColumns } from "./rowColumns.js";

/**
 * Takes up to `limit` due pending tasks in claim order and leases them to the runner, in one round
 * trip. The statement is the `claim_tasks` function of the migrations, where its plan is pinned.
 */
export async function claimTasks(
  ctx: PgContext,
  db: Queryable,
  request: ClaimRequest,
  started = true,
): Promise<TaskRow[]> {
  if (request.limit < 1 || request.names?.length === 0) return [];
  const { rows } = await db.query<TaskRow>({
    name: ctx.statement("claim"),
    text: `SELECT ${rowColumns("t")} FROM ${ctx.schemaQuoted}.claim_tasks($1, $2, $3, $4, $5, $6) t`,
    values: [request.now, request.limit, request.runnerId, request.leaseMs, request.names ?? null, started],
  });
  // UPDATE ... RETURNING does not keep the order the claim picked in.
  return rows.sort(compareForClaim);
}
