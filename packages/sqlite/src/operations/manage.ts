import {
  type AbortResult,
  abortedRow,
  allows,
  type ManagementAction,
  type MutationResult,
  type PendingPatch,
  retriedRow,
  type TaskRow,
  type TaskStatus,
  updatedRow,
} from "@errand/core/store";
import { type DbTaskRow, fromDb } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";
import { writeBack } from "./writeRow.js";

type Refused = { result: "not_found" } | { result: "conflict"; status: TaskStatus };

/**
 * Reads the row, checks that its status allows `action`, and applies `change`, all inside one
 * IMMEDIATE transaction, so the status checked is the status changed: no runner can claim or
 * settle the task in between.
 */
function changeRow<TResult>(
  ctx: SqliteContext,
  id: string,
  action: ManagementAction,
  change: (row: TaskRow) => TResult,
): TResult | Refused {
  return ctx.db
    .transaction((): TResult | Refused => {
      const found = ctx.st.get.get(id) as DbTaskRow | undefined;
      if (!found) return { result: "not_found" };
      const row = fromDb(found);
      if (!allows(action, row.status)) return { result: "conflict", status: row.status };
      return change(row);
    })
    .immediate();
}

export function updatePendingRow(
  ctx: SqliteContext,
  id: string,
  patch: PendingPatch,
  now: number,
): MutationResult {
  return changeRow(ctx, id, "update", (row) => ({
    result: "ok",
    row: writeBack(ctx, row, updatedRow(patch, now)),
  }));
}

export function deleteRow(ctx: SqliteContext, id: string): MutationResult {
  return changeRow(ctx, id, "delete", (row) => {
    ctx.st.delete.run(id);
    ctx.st.deleteLogs.run(id);
    ctx.st.deleteAttempts.run(id);
    return { result: "ok", row };
  });
}

export function requestAbortRow(ctx: SqliteContext, id: string, error: string, now: number): AbortResult {
  return changeRow(ctx, id, "abort", (row) => ({
    result: row.status === "pending" ? "aborted" : "requested",
    row: writeBack(ctx, row, abortedRow(row, error, now)),
  }));
}

export function retryRow(ctx: SqliteContext, id: string, now: number): MutationResult {
  return changeRow(ctx, id, "retry", (row) => ({ result: "ok", row: writeBack(ctx, row, retriedRow(now)) }));
}
