const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function formatDate(date: Date | null | undefined): string {
  return date ? dateTime.format(date) : "—";
}

export function formatTime(date: Date): string {
  return time.format(date);
}

/** "350 ms", "4.2 s", "3 min 5 s", "2 h 4 min". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1_000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "just now", "5 s ago", "3 min ago", or the date for anything older than a day. */
export function formatAgo(date: Date, now: number): string {
  const seconds = Math.round((now - date.getTime()) / 1_000);
  if (seconds < 2) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)} h ago`;
  return formatDate(date);
}

/** The duration of a run so far, or in total once finished. */
export function runDuration(task: { startedAt: Date | null; finishedAt: Date | null }, now: number) {
  if (!task.startedAt) return undefined;
  return (task.finishedAt?.getTime() ?? now) - task.startedAt.getTime();
}

export function shortId(id: string): string {
  return id.slice(-8);
}
