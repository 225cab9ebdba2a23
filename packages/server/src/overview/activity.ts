import type { Errand, TaskRegistry, TaskStatus } from "@errand/core";
import { unwrapResult } from "../errors/toTRPCError.js";

export interface ActivityBucket {
  /** Start of the bucket. */
  at: Date;
  succeeded: number;
  failed: number;
}

export interface Activity {
  from: Date;
  to: Date;
  bucketMs: number;
  buckets: ActivityBucket[];
  /** True when more tasks finished in the window than were read; the counts are then a lower bound. */
  truncated: boolean;
}

const PAGE = 1_000;
/** Reads at most this many finished tasks per status, so a busy store cannot make a chart expensive. */
const MAX_PAGES = 10;

/**
 * Tasks that finished in the last `minutes`, per bucket, split into succeeded and failed. Core can
 * list by creation time only, so this reads the tasks created in the window: a task created
 * before it and finished inside it is not counted.
 */
export async function readActivity<TRegistry extends TaskRegistry>(
  errand: Errand<TRegistry>,
  { minutes, buckets: count, now = Date.now() }: { minutes: number; buckets: number; now?: number },
): Promise<Activity> {
  const from = now - minutes * 60_000;
  const bucketMs = (minutes * 60_000) / count;
  const buckets: ActivityBucket[] = Array.from({ length: count }, (_, index) => ({
    at: new Date(from + index * bucketMs),
    succeeded: 0,
    failed: 0,
  }));
  let truncated = false;
  for (const [status, field] of [
    ["success", "succeeded"],
    ["failed", "failed"],
  ] as const satisfies readonly (readonly [TaskStatus, "succeeded" | "failed"])[]) {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = unwrapResult(
        await errand.tasks.list({
          status,
          createdFrom: new Date(from),
          limit: PAGE,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const task of result.items) {
        const finished = task.finishedAt?.getTime();
        if (finished === undefined || finished < from || finished > now) continue;
        const bucket = buckets[Math.min(count - 1, Math.floor((finished - from) / bucketMs))];
        if (bucket) bucket[field]++;
      }
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
      if (page === MAX_PAGES - 1) truncated = true;
    }
  }
  return { from: new Date(from), to: new Date(now), bucketMs, buckets, truncated };
}
