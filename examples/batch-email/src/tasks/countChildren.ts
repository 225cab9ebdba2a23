import { type RunContext, TASK_STATUSES, type TaskStatus } from "@errand/core";

export interface ChildCounts {
  byStatus: Record<TaskStatus, number>;
  total: number;
  /** Ids of the children that ended failed or aborted. */
  unsuccessful: string[];
}

/** Counts a task's children by status, reading every page of `list({ parentId })`. */
export async function countChildren(tasks: RunContext["tasks"], parentId: string): Promise<ChildCounts> {
  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<
    TaskStatus,
    number
  >;
  const unsuccessful: string[] = [];
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = (await tasks.list({ parentId, limit: 1_000, ...(cursor ? { cursor } : {}) })).unwrap();
    for (const child of page.items) {
      byStatus[child.status]++;
      total++;
      if (child.status === "failed" || child.status === "aborted") unsuccessful.push(child.id);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { byStatus, total, unsuccessful };
}
