import type {
  HeartbeatRequest,
  HeartbeatResult,
  ReleaseExpiredRequest,
  Settlement,
  StatusWrite,
  TaskRow,
} from "@errand/core";
import { changedRow, leaseHeldBy, releasedRow, settledRow } from "@errand/core";
import { type DbTaskRow, fromDb, toDbParams } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";

export function writeBack({ st }: SqliteContext, row: TaskRow, change: Partial<TaskRow>): TaskRow {
  const next = changedRow(row, change);
  st.writeRow.run(toDbParams(next));
  return next;
}

export function settleRows(
  ctx: SqliteContext,
  settlements: readonly Settlement[],
  now: number,
  abortedError: string,
): boolean[] {
  const { st } = ctx;
  const run = ctx.db.transaction(() =>
    settlements.map(({ id, runnerId, attempt, outcome }) => {
      if (outcome.type === "success")
        return st.settleSuccess.run(outcome.output, now, now, id, runnerId, attempt).changes > 0;
      if (outcome.type === "failed" || outcome.type === "aborted") {
        return st.settleFinal.run(outcome.type, outcome.error, now, now, id, runnerId, attempt).changes > 0;
      }
      // Retry, continue and release depend on whether an abort was requested: read, then apply core's rule.
      const found = st.get.get(id) as DbTaskRow | undefined;
      if (!found) return false;
      const row = fromDb(found);
      if (!leaseHeldBy(row, { runnerId, attempt })) return false;
      writeBack(ctx, row, settledRow(row, outcome, now, abortedError));
      return true;
    }),
  );
  return run.immediate();
}

export function heartbeatRows({ db, st }: SqliteContext, request: HeartbeatRequest): HeartbeatResult {
  const run = db.transaction(() => {
    const result: HeartbeatResult = { lost: [], abortRequested: [] };
    for (const id of request.ids) {
      const held = st.extendLease.get(request.now + request.leaseMs, id, request.runnerId) as
        | { abort_requested_at: number | null }
        | undefined;
      if (!held) result.lost.push(id);
      else if (held.abort_requested_at !== null) result.abortRequested.push(id);
    }
    return result;
  });
  return run.immediate();
}

export function setStatusRow({ st }: SqliteContext, write: StatusWrite): boolean {
  const info = st.setStatus.run({
    id: write.id,
    runnerId: write.runnerId,
    attempt: write.attempt,
    progress: write.progress ?? null,
    message: write.message ?? null,
    now: write.now,
  });
  return info.changes > 0;
}

export function releaseExpiredRows(ctx: SqliteContext, request: ReleaseExpiredRequest): number {
  const run = ctx.db.transaction(() => {
    const expired = (ctx.st.expired.all(request.now) as DbTaskRow[]).map(fromDb);
    for (const row of expired) writeBack(ctx, row, releasedRow(row, request));
    return expired.length;
  });
  return run.immediate();
}
