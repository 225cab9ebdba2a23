import type { TaskRow, TaskStatus } from "@errand/core";

/** A row as SQLite returns it (snake_case columns). */
export interface DbTaskRow {
  id: string;
  name: string;
  input: string;
  status: string;
  output: string | null;
  error: string | null;
  attempt: number;
  max_attempts: number;
  priority: number;
  run_at: number;
  parent_id: string | null;
  idempotency_key: string | null;
  progress: number | null;
  status_message: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  abort_requested_at: number | null;
}

export function fromDb(row: DbTaskRow): TaskRow {
  return {
    id: row.id,
    name: row.name,
    input: row.input,
    status: row.status as TaskStatus,
    output: row.output,
    error: row.error,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    priority: row.priority,
    runAt: row.run_at,
    parentId: row.parent_id,
    idempotencyKey: row.idempotency_key,
    progress: row.progress,
    statusMessage: row.status_message,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    abortRequestedAt: row.abort_requested_at,
  };
}

/** Named parameters for writing a whole row back (see operations/writeRow.ts). */
export function toDbParams(row: TaskRow) {
  return {
    id: row.id,
    name: row.name,
    input: row.input,
    status: row.status,
    output: row.output,
    error: row.error,
    attempt: row.attempt,
    max_attempts: row.maxAttempts,
    priority: row.priority,
    run_at: row.runAt,
    parent_id: row.parentId,
    idempotency_key: row.idempotencyKey,
    progress: row.progress,
    status_message: row.statusMessage,
    created_at: row.createdAt,
    started_at: row.startedAt,
    finished_at: row.finishedAt,
    updated_at: row.updatedAt,
    lease_owner: row.leaseOwner,
    lease_expires_at: row.leaseExpiresAt,
    abort_requested_at: row.abortRequestedAt,
  };
}
