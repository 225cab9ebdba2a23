import type { ClaimRequest, SettledAndClaimed, Settlement } from "@errand/core/store";
import { claimRows } from "./claim.js";
import type { SqliteContext } from "./context.js";
import { settleRows } from "./leases.js";

/**
 * A runner's turn in one IMMEDIATE transaction: its finished attempts settled, then its next tasks
 * claimed. On a short task a commit costs more than the rows it writes, so one per turn instead of
 * two is most of what there is to win. The two inner transactions become savepoints.
 */
export function settleAndClaimRows(
  ctx: SqliteContext,
  settlements: readonly Settlement[],
  now: number,
  abortedError: string,
  request: ClaimRequest,
): SettledAndClaimed {
  const run = ctx.db.transaction(() => ({
    applied: settlements.length > 0 ? settleRows(ctx, settlements, now, abortedError) : [],
    claimed: claimRows(ctx, request),
  }));
  return run.immediate();
}
