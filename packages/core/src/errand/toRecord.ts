import type { TaskErrorData } from "../errors/taskErrorData.js";
import { scheduledForOf } from "../schedule/tickKey.js";
import type { AttemptRow, TaskRow } from "../store/rows.js";
import type { TaskAttempt, TaskRecord, TaskRunInfo } from "../task/record.js";
import { deserialize } from "../util/serialization.js";

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** A store row as the app sees it: payloads decoded, times as Dates, lease bookkeeping left out. */
export function toRecord(row: TaskRow): TaskRecord {
  return withInput(row, deserialize(row.input));
}

/**
 * The same, for a row whose input the caller already holds decoded (a task it just triggered).
 * A separate name, not an optional parameter, so `rows.map(toRecord)` can never pass an index as input.
 */
export function toRecordWithInput(row: TaskRow, input: unknown): TaskRecord {
  return withInput(row, input);
}

function withInput(row: TaskRow, input: unknown): TaskRecord {
  // The store's rules keep status, output and error in step; the record's type states them.
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    input,
    output: row.output === null ? null : deserialize(row.output),
    error: row.error === null ? null : deserialize<TaskErrorData>(row.error),
    attempt: row.attempt,
    maxAttempts: row.maxAttempts,
    priority: row.priority,
    runAt: new Date(row.runAt),
    parentId: row.parentId,
    idempotencyKey: row.idempotencyKey,
    scheduledFor: scheduledForOf(row.idempotencyKey),
    concurrencyKey: row.concurrencyKey,
    rateKey: row.rateKey,
    progress: row.progress,
    statusMessage: row.statusMessage,
    createdAt: new Date(row.createdAt),
    startedAt: date(row.startedAt),
    finishedAt: date(row.finishedAt),
    updatedAt: new Date(row.updatedAt),
  } as TaskRecord;
}

/** The record `get` returns: with the task's attempt history. */
export function toRecordWithAttempts(row: TaskRow, attempts: readonly AttemptRow[]): TaskRecord {
  const record = toRecord(row);
  record.attempts = attempts.map(toAttempt);
  return record;
}

function toAttempt(entry: AttemptRow): TaskAttempt {
  return {
    attempt: entry.attempt,
    startedAt: new Date(entry.startedAt),
    finishedAt: new Date(entry.finishedAt),
    end: entry.end,
    error: entry.error === null ? null : deserialize<TaskErrorData>(entry.error),
  };
}

export function toRunInfo(row: TaskRow): TaskRunInfo {
  return {
    id: row.id,
    name: row.name,
    attempt: row.attempt,
    maxAttempts: row.maxAttempts,
    priority: row.priority,
    parentId: row.parentId,
    idempotencyKey: row.idempotencyKey,
    scheduledFor: scheduledForOf(row.idempotencyKey),
    createdAt: new Date(row.createdAt),
  };
}
