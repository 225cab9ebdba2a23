import type { TaskErrorData } from "../errors/taskErrorData.js";
import type { TaskRow } from "../store/rows.js";
import type { TaskRecord, TaskRunInfo } from "../task/record.js";
import { deserialize } from "../util/serialization.js";

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

const DECODE = Symbol("decode");

/**
 * A store row as the app sees it: payloads decoded, times as Dates, lease bookkeeping left out.
 * `input` may be passed when the caller already holds it decoded (a task it just triggered).
 */
export function toRecord(row: TaskRow, input: unknown = DECODE): TaskRecord {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    input: input === DECODE ? deserialize(row.input) : input,
    output: row.output === null ? null : deserialize(row.output),
    error: row.error === null ? null : deserialize<TaskErrorData>(row.error),
    attempt: row.attempt,
    maxAttempts: row.maxAttempts,
    priority: row.priority,
    runAt: new Date(row.runAt),
    parentId: row.parentId,
    idempotencyKey: row.idempotencyKey,
    progress: row.progress,
    statusMessage: row.statusMessage,
    createdAt: new Date(row.createdAt),
    startedAt: date(row.startedAt),
    finishedAt: date(row.finishedAt),
    updatedAt: new Date(row.updatedAt),
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
    createdAt: new Date(row.createdAt),
  };
}
