import {
  type AttemptRow,
  endedAttempt,
  expiredRow,
  type HeartbeatRequest,
  type HeartbeatResult,
  leaseHeldBy,
  type ReleaseExpiredRequest,
  type Settlement,
  type StatusWrite,
  settledRow,
} from "@errand/core/store";
import { type DbTaskRow, fromDb } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";
import { writeBack } from "./writeRow.js";

function keepAttempt({ st }: SqliteContext, entry: AttemptRow | null): void {
  if (!entry) return;
  st.keepAttempt.run(
    entry.taskId,
    entry.leaseNumber,
    entry.attempt,
    entry.startedAt,
    entry.finishedAt,
    entry.end,
    entry.error,
  );
}

/**
 * Each settlement: read the row, check the lease, apply core's transition, keep the attempt. A
 * success whose lease is held (nearly every settlement) is one UPDATE without reading the row
 * (statements.ts's settleSuccess): the read and the row built from it cost about as much as the
 * write, and its attempt is read back from the row (statements.ts's attempts).
 */
export function settleRows(
  ctx: SqliteContext,
  settlements: readonly Settlement[],
  now: number,
  abortedError: string,
): boolean[] {
  return ctx.db.transaction(() => settleIn(ctx, settlements, now, abortedError)).immediate();
}

/** `settleRows` inside the caller's IMMEDIATE transaction (settleAndClaim.ts). */
export function settleIn(
  ctx: SqliteContext,
  settlements: readonly Settlement[],
  now: number,
  abortedError: string,
): boolean[] {
  return settlements.map((settlement) => {
    const { outcome } = settlement;
    if (outcome.type === "success") {
      const { id, runnerId, leaseNumber } = settlement;
      if (ctx.st.settleSuccess.run(outcome.output, now, now, id, runnerId, leaseNumber).changes === 1)
        return true;
    }
    const found = ctx.st.get.get(settlement.id) as DbTaskRow | undefined;
    if (!found) return false;
    const row = fromDb(found);
    if (!leaseHeldBy(row, settlement)) return false;
    const next = writeBack(ctx, row, settledRow(row, outcome, now, abortedError));
    keepAttempt(ctx, endedAttempt(row, next, outcome.type));
    return true;
  });
}

export function heartbeatRows({ db, st }: SqliteContext, request: HeartbeatRequest): HeartbeatResult {
  const run = db.transaction(() => {
    const result: HeartbeatResult = { lost: [], abortRequested: [] };
    for (const { id, leaseNumber } of request.leases) {
      const held = st.extendLease.get(request.now + request.leaseMs, id, request.runnerId, leaseNumber) as
        | { abort_requested_at: number | null }
        | undefined;
      if (!held) result.lost.push({ id, leaseNumber });
      else if (held.abort_requested_at !== null) result.abortRequested.push({ id, leaseNumber });
    }
    return result;
  });
  return run.immediate();
}

export function setStatusRow({ st }: SqliteContext, write: StatusWrite): boolean {
  const info = st.setStatus.run({
    id: write.id,
    runnerId: write.runnerId,
    leaseNumber: write.leaseNumber,
    progress: write.progress ?? null,
    message: write.message ?? null,
    now: write.now,
  });
  return info.changes > 0;
}

export function releaseExpiredRows(ctx: SqliteContext, request: ReleaseExpiredRequest): number {
  const run = ctx.db.transaction(() => {
    const expired = (ctx.st.expired.all(request.now) as DbTaskRow[]).map(fromDb);
    for (const row of expired) {
      const next = writeBack(ctx, row, expiredRow(row, request));
      keepAttempt(ctx, endedAttempt(row, next, "expired"));
    }
    return expired.length;
  });
  return run.immediate();
}
