import { type ClaimRequest, compareForClaim, type TaskRow } from "@errand/core";
import type { PgContext, Queryable } from "./context.js";
import { rowColumns } from "./rowColumns.js";

/**
 * Takes up to `limit` due pending tasks in claim order and leases them to the runner, in one
 * statement. `SKIP LOCKED` lets concurrent claimers pass over each other's rows instead of waiting
 * or taking the same task; `NO KEY UPDATE` is enough, as a claim never changes the id, and it lets
 * log lines (whose foreign key takes `KEY SHARE`) be written meanwhile.
 */
export async function claimTasks(ctx: PgContext, db: Queryable, request: ClaimRequest): Promise<TaskRow[]> {
  if (request.limit < 1 || request.names?.length === 0) return [];
  const filtered = request.names !== undefined;
  const { rows } = await db.query<TaskRow>({
    name: ctx.statement(filtered ? "claim_named" : "claim"),
    text: `WITH picked AS (
        SELECT id FROM ${ctx.tasks}
        WHERE status = 'pending' AND run_at <= $1 ${filtered ? "AND name = ANY($5::text[])" : ""}
        ORDER BY priority DESC, run_at, id
        LIMIT $2
        FOR NO KEY UPDATE SKIP LOCKED
      )
      UPDATE ${ctx.tasks} t
      SET status = 'running', attempt = t.attempt + 1, lease_owner = $3, lease_expires_at = $1 + $4,
        started_at = $1, updated_at = $1
      FROM picked WHERE t.id = picked.id
      RETURNING ${rowColumns("t")}`,
    values: [
      request.now,
      request.limit,
      request.workerId,
      request.leaseMs,
      ...(filtered ? [request.names] : []),
    ],
  });
  // UPDATE ... RETURNING does not keep the order the CTE picked in.
  return rows.sort(compareForClaim);
}
