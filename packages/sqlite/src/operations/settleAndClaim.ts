import type { ClaimRequest, SettledAndClaimed, Settlement } from "@errand/core/store";
import { claimIn } from "./claim.js";
import type { SqliteContext } from "./context.js";
import { settleIn } from "./leases.js";

/**
 * A runner's turn in one IMMEDIATE transaction: its finished attempts settled, then its next tasks
 * claimed. On a short task a commit costs more than the rows it writes, so one per turn instead of
 * two is most of what there is to win. The halves run in this transaction (settleIn, claimIn), not
 * in savepoints of their own: nothing here rolls back one half alone.
 */
export function settleAndClaimRows(
  ctx: SqliteContext,
  settlements: readonly Settlement[],
  now: number,
  abortedError: string,
  request: ClaimRequest,
): SettledAndClaimed {
  const run = ctx.db.transaction(() => ({
    applied: settleIn(ctx, settlements, now, abortedError),
    claimed: claimIn(ctx, request),
  }));
  return run.immediate();
}
