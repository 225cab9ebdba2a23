import { CREATED, debouncedRow, type InsertResult, type NewTaskRow } from "@errand/core/store";
import type { Statement } from "better-sqlite3";
import { type DbTaskRow, fromDb } from "../rowMapping.js";
import { INSERT_CHUNK } from "../statements.js";
import type { SqliteContext } from "./context.js";
import { writeBack } from "./writeRow.js";

function pushParams(params: unknown[], c: NewTaskRow) {
  params.push(
    c.id,
    c.name,
    c.input,
    c.maxAttempts,
    c.priority,
    c.runAt,
    c.parentId,
    c.idempotencyKey,
    c.createdAt,
    c.createdAt,
    c.concurrencyKey,
    c.rateKey,
    c.debounceKey,
  );
}

/**
 * One IMMEDIATE transaction for the whole batch: all rows land, or (on any error) none. Rows
 * without an idempotency key go in multi-row INSERTs of INSERT_CHUNK: one native call per chunk
 * instead of per row is what lets a bulk trigger outrun a row-at-a-time insert.
 */
export function insertRows(ctx: SqliteContext, rows: readonly NewTaskRow[]): InsertResult[] {
  const { db, st } = ctx;
  const insertChunk = (statement: Statement, chunk: readonly NewTaskRow[]) => {
    const params: unknown[] = [];
    for (const candidate of chunk) pushParams(params, candidate);
    statement.run(params);
  };
  const run = db.transaction((batch: readonly NewTaskRow[]) => {
    const results: InsertResult[] = new Array(batch.length);
    let pending: NewTaskRow[] = [];
    const flushSingles = () => {
      for (const candidate of pending) insertChunk(st.insert, [candidate]);
      pending = [];
    };
    for (let i = 0; i < batch.length; i++) {
      const candidate = batch[i]!;
      if (candidate.debounceKey !== null) {
        flushSingles();
        const target = st.debounceTarget.get(candidate.name, candidate.debounceKey) as DbTaskRow | undefined;
        if (target) {
          results[i] = {
            row: writeBack(ctx, fromDb(target), debouncedRow(candidate)),
            created: false,
            replaced: true,
          };
          continue;
        }
        insertChunk(st.insert, [candidate]);
      } else if (candidate.idempotencyKey !== null) {
        flushSingles();
        const existing = st.byIdempotencyKey.get(candidate.name, candidate.idempotencyKey) as
          | DbTaskRow
          | undefined;
        if (existing) {
          results[i] = { row: fromDb(existing), created: false };
          continue;
        }
        insertChunk(st.insert, [candidate]);
      } else {
        pending.push(candidate);
        if (pending.length === INSERT_CHUNK) {
          insertChunk(st.insertChunk, pending);
          pending = [];
        }
      }
      results[i] = CREATED;
    }
    flushSingles();
    return results;
  });
  return run.immediate(rows);
}
