import type { InsertedRow, NewTaskRow } from "@errand/core";
import { newRow } from "@errand/core";
import { type DbTaskRow, fromDb } from "../rowMapping.js";
import type { SqliteContext } from "./context.js";

/** One IMMEDIATE transaction for the whole batch: all rows land, or (on any error) none. */
export function insertRows({ db, st }: SqliteContext, rows: readonly NewTaskRow[]): InsertedRow[] {
  const run = db.transaction((batch: readonly NewTaskRow[]) => {
    const results: InsertedRow[] = [];
    for (const candidate of batch) {
      if (candidate.idempotencyKey !== null) {
        const existing = st.byIdempotencyKey.get(candidate.name, candidate.idempotencyKey) as
          | DbTaskRow
          | undefined;
        if (existing) {
          results.push({ row: fromDb(existing), created: false });
          continue;
        }
      }
      st.insert.run(candidate);
      results.push({ row: newRow(candidate), created: true });
    }
    return results;
  });
  return run.immediate(rows);
}
