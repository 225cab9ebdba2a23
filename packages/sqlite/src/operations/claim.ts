import { type ClaimRequest, claimedRow, type TaskRow } from "@errand/core/store";
import { type DbTaskRow, fromDb } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";
import { writeBack } from "./writeRow.js";

/**
 * Reads the due tasks and applies core's claim to each inside one IMMEDIATE transaction: SQLite
 * holds the database write lock from the read on, so two claimers, in this process or another,
 * can never both take a row.
 */
export function claimRows(ctx: SqliteContext, request: ClaimRequest): TaskRow[] {
  const run = ctx.db.transaction(() => {
    const due = ctx.st.due.all({
      now: request.now,
      names: request.names ? JSON.stringify(request.names) : null,
      limit: request.limit,
    }) as DbTaskRow[];
    return due.map((values) => {
      const row = fromDb(values);
      return writeBack(ctx, row, claimedRow(row, request));
    });
  });
  return run.immediate();
}
