import type { AbortResult, MutationResult, PendingPatch } from "@errand/core";
import { abortedRow, retriedRow } from "@errand/core";
import { type DbTaskRow, fromDb } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";
import { writeBack } from "./leases.js";

// Each reads the row and writes it back inside one IMMEDIATE transaction, so the status checked
// is the status changed: no runner can claim or settle the task in between.

export function updatePendingRow(
  ctx: SqliteContext,
  id: string,
  patch: PendingPatch,
  now: number,
): MutationResult {
  return ctx.db
    .transaction((): MutationResult => {
      const found = ctx.st.get.get(id) as DbTaskRow | undefined;
      if (!found) return { result: "not_found" };
      const row = fromDb(found);
      if (row.status !== "pending") return { result: "conflict", status: row.status };
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      return { result: "ok", row: writeBack(ctx, row, { ...defined, updatedAt: now }) };
    })
    .immediate();
}

export function deleteRow(ctx: SqliteContext, id: string): MutationResult {
  return ctx.db
    .transaction((): MutationResult => {
      const found = ctx.st.get.get(id) as DbTaskRow | undefined;
      if (!found) return { result: "not_found" };
      const row = fromDb(found);
      if (row.status === "running") return { result: "conflict", status: row.status };
      ctx.st.delete.run(id);
      ctx.st.deleteLogs.run(id);
      return { result: "ok", row };
    })
    .immediate();
}

export function requestAbortRow(ctx: SqliteContext, id: string, error: string, now: number): AbortResult {
  return ctx.db
    .transaction((): AbortResult => {
      const found = ctx.st.get.get(id) as DbTaskRow | undefined;
      if (!found) return { result: "not_found" };
      const row = fromDb(found);
      if (row.status !== "pending" && row.status !== "running")
        return { result: "conflict", status: row.status };
      const updated = writeBack(ctx, row, abortedRow(row, error, now));
      return { result: row.status === "pending" ? "aborted" : "requested", row: updated };
    })
    .immediate();
}

export function retryRow(ctx: SqliteContext, id: string, now: number): MutationResult {
  return ctx.db
    .transaction((): MutationResult => {
      const found = ctx.st.get.get(id) as DbTaskRow | undefined;
      if (!found) return { result: "not_found" };
      const row = fromDb(found);
      if (row.status !== "failed" && row.status !== "aborted")
        return { result: "conflict", status: row.status };
      return { result: "ok", row: writeBack(ctx, row, retriedRow(now)) };
    })
    .immediate();
}
