import {
  ClaimBudget,
  type ClaimRequest,
  claimedRow,
  compareForClaim,
  hasLimits,
  type LimitUsage,
  limitedNames,
  rateHistoryHorizon,
  rateStarts,
  type TaskRow,
} from "@errand/core/store";
import { claimedFromDb, type DbTaskRow, fromDb } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";
import { writeBack } from "./writeRow.js";

/**
 * Claims the due tasks inside one IMMEDIATE transaction: SQLite holds the database write lock from
 * the read on, so two claimers, in this process or another, can never both take a row, and a
 * limited claim's counts cannot change under it. Without limits the claim is one UPDATE (core's
 * claimedRow in SQL, see statements.ts) instead of a read plus an UPDATE per row.
 */
export function claimRows(ctx: SqliteContext, request: ClaimRequest): TaskRow[] {
  return ctx.db.transaction(() => claimIn(ctx, request)).immediate();
}

/** `claimRows` inside the caller's IMMEDIATE transaction (settleAndClaim.ts). */
export function claimIn(ctx: SqliteContext, request: ClaimRequest): TaskRow[] {
  const names = request.names ? JSON.stringify(request.names) : null;
  if (hasLimits(request.limits, request.names)) return claimLimited(ctx, request, names);
  const { now } = request;
  const claimed = ctx.st.claimDue.all(
    request.runnerId,
    now + request.leaseMs,
    now,
    now,
    now,
    names,
    names,
    request.limit,
  ) as DbTaskRow[];
  return inClaimOrder(claimed.map((values) => claimedFromDb(values, request)));
}

/**
 * RETURNING gives rows in no set order, though in practice in id order, which is claim order
 * when priorities and run times agree with it (a backlog triggered together): check before sorting.
 */
function inClaimOrder(rows: TaskRow[]): TaskRow[] {
  for (let i = 1; i < rows.length; i++)
    if (compareForClaim(rows[i - 1]!, rows[i]!) > 0) return rows.sort(compareForClaim);
  return rows;
}

/**
 * core's ClaimBudget over rounds of reads: each read leaves out the groups already full, and a
 * round ends early when a row is refused (its group filled during this claim), so the next read
 * leaves that group out too. Each extra round fills a group, so a claim makes at most
 * `limit + 1` reads and never walks a blocked group's backlog row by row.
 */
function claimLimited(ctx: SqliteContext, request: ClaimRequest, names: string | null): TaskRow[] {
  const limits = request.limits!;
  const budget = new ClaimBudget(limits, readUsage(ctx, request));
  const taken: TaskRow[] = [];
  for (;;) {
    const full = budget.fullGroups();
    const due = ctx.st.dueLimited.all({
      now: request.now,
      names,
      limit: request.limit - taken.length,
      fullConcurrency: JSON.stringify(full.concurrency),
      fullRate: JSON.stringify(full.rate),
    }) as DbTaskRow[];
    let refused = false;
    for (const values of due) {
      const row = fromDb(values);
      if (budget.take(row)) taken.push(writeBack(ctx, row, claimedRow(row, request)));
      else refused = true;
    }
    if (!refused || taken.length === request.limit) break;
  }
  for (const start of rateStarts(limits, taken))
    ctx.st.recordRateStart.run(start.name, start.group, request.now);
  return taken;
}

function readUsage({ st }: SqliteContext, request: ClaimRequest): LimitUsage {
  const limited = limitedNames(request.limits!, request.names);
  const running = new Map<string, number>();
  if (limited.concurrency.length > 0) {
    const counts = st.runningByGroup.all(JSON.stringify(limited.concurrency)) as { grp: string; n: number }[];
    for (const { grp, n } of counts) running.set(grp, n);
  }
  const started = new Map<string, number>();
  for (const { name, periodMs } of limited.rate) {
    st.pruneRateStarts.run(name, rateHistoryHorizon(request.now, periodMs));
    const counts = st.rateStartsByGroup.all(name, request.now - periodMs) as { grp: string; n: number }[];
    for (const { grp, n } of counts) started.set(grp, n);
  }
  return { running, started };
}
