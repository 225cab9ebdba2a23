import {
  CREATED,
  type InsertResult,
  type NewTaskRow,
  newRow,
  type StoreScope,
  TaskError,
  TaskErrorCode,
  type TaskRow,
} from "@errand/core/store";
import { inTransaction, type PgContext, type Queryable } from "./context.js";
import { insertDebounced } from "./debounce.js";
import { CHUNK_SIZE, insertChunks } from "./insertChunks.js";
import { rowColumns } from "./rowColumns.js";

/**
 * Inserts a batch all or nothing, as few statements as possible (one per chunk of `unnest` arrays).
 * With `scope.transaction` the statements run on the app's client inside its own BEGIN, so the
 * tasks and the NOTIFY that wakes runners exist only if and when the app commits.
 */
export async function insertTasks(
  ctx: PgContext,
  rows: readonly NewTaskRow[],
  scope: StoreScope | undefined,
): Promise<InsertResult[]> {
  if (rows.length === 0) return [];
  const appClient = transactionClient(scope);
  const origin = notifiedOrigin(scope, appClient);
  if (rows.some((row) => row.debounceKey !== null)) {
    const run = (db: Queryable) => insertWithDebounce(ctx, db, rows, origin);
    return appClient ? run(appClient) : inTransaction(ctx.pool, run);
  }
  const plan = planBatch(rows);
  const run = (db: Queryable) => insertPlanned(ctx, db, rows, plan, origin);
  if (appClient) return run(appClient);
  // One statement is atomic on its own; more (chunks, or a lookup of existing keys) need a transaction.
  if (plan.sent.length <= CHUNK_SIZE && !plan.keyed) return run(ctx.pool);
  return inTransaction(ctx.pool, run);
}

/** In order, in the caller's transaction: each debounced row on its own, the rest as one batch. */
async function insertWithDebounce(
  ctx: PgContext,
  db: Queryable,
  rows: readonly NewTaskRow[],
  origin: string | undefined,
): Promise<InsertResult[]> {
  const plain = rows.filter((row) => row.debounceKey === null);
  const inserted = plain.length > 0 ? await insertPlanned(ctx, db, plain, planBatch(plain), origin) : [];
  const single = async (row: NewTaskRow) =>
    (await insertPlanned(ctx, db, [row], planBatch([row]), origin))[0]!;
  const results: InsertResult[] = [];
  let next = 0;
  for (const row of rows) {
    results.push(row.debounceKey === null ? inserted[next++]! : await insertDebounced(ctx, db, row, single));
  }
  return results;
}

interface BatchPlan {
  /** Indexes of the rows to send: all but repeats of a (name, key) already in the batch. */
  sent: number[];
  /** For a repeat, the index of the first row with its (name, key). */
  firstOf: Map<number, number>;
  keyed: boolean;
}

function planBatch(rows: readonly NewTaskRow[]): BatchPlan {
  const sent: number[] = [];
  const firstOf = new Map<number, number>();
  const seen = new Map<string, number>();
  for (const [index, row] of rows.entries()) {
    if (row.idempotencyKey !== null) {
      const key = `${row.name}\u0000${row.idempotencyKey}`;
      const first = seen.get(key);
      if (first !== undefined) {
        firstOf.set(index, first);
        continue;
      }
      seen.set(key, index);
    }
    sent.push(index);
  }
  return { sent, firstOf, keyed: seen.size > 0 };
}

async function insertPlanned(
  ctx: PgContext,
  db: Queryable,
  rows: readonly NewTaskRow[],
  plan: BatchPlan,
  origin: string | undefined,
): Promise<InsertResult[]> {
  function* chunks() {
    for (let start = 0; start < plan.sent.length; start += CHUNK_SIZE) {
      yield plan.sent.slice(start, start + CHUNK_SIZE).map((index) => rows[index]!);
    }
  }
  const createdKeyed = await insertChunks(ctx, db, chunks(), origin);
  const existing = plan.keyed ? await existingByKey(ctx, db, rows, plan, createdKeyed) : new Map();
  const results: InsertResult[] = new Array(rows.length);
  for (const index of plan.sent) {
    const row = rows[index]!;
    if (row.idempotencyKey === null || createdKeyed.has(row.id)) {
      results[index] = CREATED;
    } else {
      results[index] = { row: existing.get(keyOf(row))!, created: false };
    }
  }
  // A repeat of a key earlier in the batch stands for the task that earlier row made or found.
  for (const [index, first] of plan.firstOf) {
    const earlier = results[first]!;
    results[index] = { row: earlier.created ? newRow(rows[first]!) : earlier.row, created: false };
  }
  return results;
}

const keyOf = (row: { name: string; idempotencyKey: string | null }) =>
  `${row.name}\u0000${row.idempotencyKey}`;

/** The rows that kept their (name, key) from an earlier insert: read in the same transaction. */
async function existingByKey(
  ctx: PgContext,
  db: Queryable,
  rows: readonly NewTaskRow[],
  plan: BatchPlan,
  createdKeyed: Set<string>,
): Promise<Map<string, TaskRow>> {
  const wanted = plan.sent
    .map((index) => rows[index]!)
    .filter((row) => row.idempotencyKey !== null && !createdKeyed.has(row.id));
  if (wanted.length === 0) return new Map();
  const { rows: found } = await db.query<TaskRow>({
    text: `SELECT ${rowColumns("t")} FROM ${ctx.tasks} t
      JOIN unnest($1::text[], $2::text[]) AS k(name, key) ON t.name = k.name AND t.idempotency_key = k.key`,
    values: [wanted.map((r) => r.name), wanted.map((r) => r.idempotencyKey)],
  });
  const byKey = new Map(found.map((row) => [keyOf(row), row]));
  const missing = wanted.find((row) => !byKey.has(keyOf(row)));
  if (missing) {
    // The task holding the key was deleted between our insert and this read: nothing was inserted.
    throw new TaskError(
      TaskErrorCode.CONFLICT,
      `The task holding idempotency key ${JSON.stringify(missing.idempotencyKey)} of "${missing.name}" was deleted while this trigger ran; trigger again.`,
    );
  }
  return byKey;
}

/**
 * The payload of the insert's NOTIFY: `scope.origin`, except inside the app's transaction, whose
 * NOTIFY comes at its commit, after (and apart from) core's in-process wake-up.
 */
export function notifiedOrigin(scope: StoreScope | undefined, appClient: Queryable | undefined) {
  return appClient ? undefined : scope?.origin;
}

export function transactionClient(scope: StoreScope | undefined): Queryable | undefined {
  const transaction = scope?.transaction;
  if (transaction === undefined || transaction === null) return undefined;
  if (typeof (transaction as Queryable).query !== "function") {
    throw new TaskError(
      TaskErrorCode.VALIDATION,
      "postgresStore: `transaction` must be a pg.PoolClient or pg.Client inside the app's BEGIN",
    );
  }
  return transaction as Queryable;
}
