import type { Result, TaskError, TaskStatus } from "@errand/core";

interface Watched {
  status: TaskStatus;
  progress: number | null;
  statusMessage: string | null;
}

/** Polls a task until it ends, calling `onChange` when its status, progress or message moves. */
export async function watchTask<TRecord extends Watched>(
  tasks: { get(id: string): Promise<Result<TRecord, TaskError>> },
  id: string,
  onChange: (record: TRecord) => void,
  intervalMs = 200,
): Promise<TRecord> {
  let last = "";
  for (;;) {
    const record = (await tasks.get(id)).unwrap();
    const seen = `${record.status} ${record.progress} ${record.statusMessage}`;
    if (seen !== last) onChange(record);
    last = seen;
    if (record.status !== "pending" && record.status !== "running") return record;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** `[########------------]  40%  80/200 sent, 1 failed` */
export function progressLine(record: Watched, width = 30): string {
  const fraction = Math.min(1, Math.max(0, record.progress ?? 0));
  const filled = Math.round(fraction * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
  return `${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${record.statusMessage ?? record.status}`;
}
