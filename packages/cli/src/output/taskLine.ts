import type { TaskRecord } from "@errand/core";

/** `countTo 0197… running 40% counting 4/10`: one task state on one line. */
export function taskLine(record: TaskRecord): string {
  const parts: string[] = [record.name, record.id, record.status];
  if (record.status === "running" || record.status === "pending") {
    const percent = formatProgress(record.progress);
    if (percent) parts.push(percent);
    if (record.statusMessage) parts.push(record.statusMessage);
  }
  if (record.error) parts.push(`${record.error.code}: ${record.error.message}`);
  return parts.join(" ");
}

/** Progress is a fraction (0 to 1) by convention; a task reporting other numbers is shown as is. */
export function formatProgress(progress: number | null): string {
  if (progress === null) return "";
  return progress >= 0 && progress <= 1 ? `${Math.round(progress * 100)}%` : String(progress);
}

export function formatTime(date: Date | null): string {
  if (!date) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
