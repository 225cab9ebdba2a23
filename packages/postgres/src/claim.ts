import {
  type ClaimRequest,
  compareForClaim,
  hasLimits,
  RATE_HISTORY_SLACK_MS,
  type TaskRow,
} from "@errand/core/store";
import { lockKeys, type PgContext, type Queryable } from "./context.js";
import { rowColumns } from "./rowColumns.js";

/**
 * Takes up to `limit` due pending tasks in claim order and leases them to the runner, in one round
 * trip. The statements are the `claim_tasks` and `claim_tasks_limited` functions of the
 * migrations (the limited one applies core's claimRules.ts; migration 4), called through their
 * `_unflushed` wrappers (migration 9): a claim does not wait for its commit to reach the disk.
 */
export async function claimTasks(ctx: PgContext, db: Queryable, request: ClaimRequest): Promise<TaskRow[]> {
  if (request.limit < 1 || request.names?.length === 0) return [];
  if (hasLimits(request.limits, request.names)) return claimLimited(ctx, db, request);
  const { rows } = await db.query<TaskRow>({
    name: ctx.statement("claim"),
    text: `SELECT ${rowColumns("t")} FROM ${ctx.schemaQuoted}.claim_tasks_unflushed($1, $2, $3, $4, $5) t`,
    values: [request.now, request.limit, request.runnerId, request.leaseMs, request.names ?? null],
  });
  // UPDATE ... RETURNING does not keep the order the claim picked in.
  return rows.sort(compareForClaim);
}

async function claimLimited(ctx: PgContext, db: Queryable, request: ClaimRequest): Promise<TaskRow[]> {
  const limits: Record<string, { c?: number; r?: number; p?: number }> = {};
  for (const [name, limit] of Object.entries(request.limits!)) {
    if (request.names && !request.names.includes(name)) continue;
    limits[name] = { c: limit.concurrency?.limit, r: limit.rate?.limit, p: limit.rate?.periodMs };
  }
  const [namespace, key] = lockKeys(ctx.schema, "limits");
  const { rows } = await db.query<TaskRow>({
    name: ctx.statement("claim_limited"),
    text: `SELECT ${rowColumns("t")} FROM ${ctx.schemaQuoted}.claim_tasks_limited_unflushed($1, $2, $3, $4, $5, $6, $7, $8, $9) t`,
    values: [
      request.now,
      request.limit,
      request.runnerId,
      request.leaseMs,
      request.names ?? null,
      JSON.stringify(limits),
      namespace,
      key,
      RATE_HISTORY_SLACK_MS,
    ],
  });
  return rows.sort(compareForClaim);
}
