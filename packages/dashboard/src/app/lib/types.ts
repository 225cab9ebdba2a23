import type { TaskLogLine, TaskRecord, TaskStatus } from "@errand/core";
import type { TasksAction } from "@errand/server";

export type { TaskLogLine, TaskRecord, TaskStatus, TasksAction };

export const STATUSES: readonly TaskStatus[] = ["pending", "running", "success", "failed", "aborted"];

/** One attempt's outcome, when the record keeps a history of them (newer cores do). */
export interface AttemptRecord {
  attempt: number;
  error?: { name?: string; message: string; code?: string } | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  status?: string;
}

/** The per-attempt history, if this record carries one. */
export function attemptsOf(record: TaskRecord): AttemptRecord[] | undefined {
  const attempts = (record as unknown as { attempts?: unknown }).attempts;
  return Array.isArray(attempts) ? (attempts as AttemptRecord[]) : undefined;
}
