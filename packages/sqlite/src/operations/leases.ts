import type {
  HeartbeatRequest,
  HeartbeatResult,
  ReleaseExpiredRequest,
  Settlement,
  StatusWrite,
  TaskRow,
} from "@errand/core";
import { leaseHeldBy, releasedRow, settledRow } from "@errand/core";
import { type DbTaskRow, fromDb, toDbParams } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";

export function writeBack({ st }: SqliteContext, row: TaskRow, change: Partial<TaskRow>) {
  st.writeRow.run(toDbParams({ ...row, ...change }));
}

export function settleRows(
  ctx: SqliteContext,
  settlements: readonly Settlement[],
  now: number,
  abortedError: string,
): boolean[] {
  const run = ctx.db.transaction(() =>
    settlements.map((settlement) => {
      const found = ctx.st.get.get(settlement.id) as DbTaskRow | undefined;
      if (!found) return false;
      const row = fromDb(found);
      if (!leaseHeldBy(row, settlement)) return false;
      writeBack(ctx, row, settledRow(row, settlement.outcome, now, abortedError));
      return true;
    }),
  );
  return run.immediate();
}

export function heartbeatRows({ db, st }: SqliteContext, request: HeartbeatRequest): HeartbeatResult {
  const run = db.transaction(() => {
    const result: HeartbeatResult = { lost: [], abortRequested: [] };
    for (const id of request.ids) {
      const held = st.extendLease.get(request.now + request.leaseMs, id, request.workerId) as
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
    workerId: write.workerId,
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
