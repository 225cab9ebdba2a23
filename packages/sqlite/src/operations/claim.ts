import type { ClaimRequest, TaskRow } from "@errand/core";
import { compareForClaim } from "@errand/core";
import { type DbTaskRow, fromDb } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";

/**
 * One UPDATE ... RETURNING: SQLite runs a statement under the database write lock, so two
 * claimers, in this process or another, can never both take a row.
 */
export function claimRows({ st }: SqliteContext, request: ClaimRequest): TaskRow[] {
  const rows = st.claim.all({
    runnerId: request.runnerId,
    leaseExpiresAt: request.now + request.leaseMs,
    now: request.now,
    names: request.names ? JSON.stringify(request.names) : null,
    limit: request.limit,
  }) as DbTaskRow[];
  // RETURNING gives rows in no set order; runners start them in claim order.
  return rows.map((values) => fromDb(values)).sort(compareForClaim);
}
