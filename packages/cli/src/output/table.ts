import {
  type ScheduleInfo,
  TASK_STATUSES,
  type TaskLogLine,
  type TaskPage,
  type TaskRecord,
  type TaskStats,
} from "@errand/core";
import Table from "cli-table3";
import { toJson } from "./json.js";
import { formatProgress, formatTime } from "./taskLine.js";

// Colour codes only on a terminal: a table piped to a file or grep stays plain text.
const style = () => ({ head: process.stdout.isTTY ? ["cyan"] : [], border: [] as string[] });

/** `errand list`: one row per task, newest first. */
export function taskListTable(page: TaskPage<TaskRecord>): string {
  const table = new Table({
    head: ["id", "name", "status", "attempt", "progress", "created", "message"],
    style: style(),
  });
  for (const task of page.items) {
    table.push([
      task.id,
      task.name,
      task.status,
      `${task.attempt}/${task.maxAttempts}`,
      formatProgress(task.progress),
      formatTime(task.createdAt),
      truncate(task.error ? `${task.error.code}: ${task.error.message}` : (task.statusMessage ?? ""), 50),
    ]);
  }
  const footer = page.nextCursor ? `\nmore: add --cursor ${page.nextCursor}` : "";
  return page.items.length === 0 ? "no tasks" : table.toString() + footer;
}

/** `errand get`, `abort`, `retry`: every field of one task. */
export function taskDetailsTable(task: TaskRecord): string {
  const table = new Table({ style: style() });
  const rows: [string, string][] = [
    ["id", task.id],
    ["name", task.name],
    ["status", task.status],
    ["attempt", `${task.attempt}/${task.maxAttempts}`],
    ["priority", String(task.priority)],
    ["progress", formatProgress(task.progress)],
    ["message", task.statusMessage ?? ""],
    ["input", toJson(task.input)],
    ["output", task.output === null ? "" : toJson(task.output)],
    ["error", task.error ? `${task.error.code}: ${task.error.message}` : ""],
    ["run at", formatTime(task.runAt)],
    ["created", formatTime(task.createdAt)],
    ["started", formatTime(task.startedAt)],
    ["finished", formatTime(task.finishedAt)],
    ["parent", task.parentId ?? ""],
    ["idempotency key", task.idempotencyKey ?? ""],
    ["scheduled for", formatTime(task.scheduledFor)],
  ];
  for (const [key, value] of rows) table.push({ [key]: value });
  return table.toString();
}

/** `errand logs`: one row per line; the line's data, if any, follows its message as JSON. */
export function taskLogsTable(lines: readonly TaskLogLine[]): string {
  const table = new Table({ head: ["attempt", "at", "level", "message"], style: style() });
  for (const line of lines) {
    const data = line.data && Object.keys(line.data).length > 0 ? ` ${toJson(line.data, 0)}` : "";
    table.push([String(line.attempt), formatTime(line.at), line.level, truncate(line.message + data, 120)]);
  }
  return table.toString();
}

/** `errand schedules`: one row per schedule, in task name order, with its next and last tick. */
export function schedulesTable(schedules: readonly ScheduleInfo[]): string {
  if (schedules.length === 0) return "no schedules";
  const table = new Table({
    head: ["name", "cron", "timezone", "catch up", "next", "last tick", "input"],
    style: style(),
  });
  for (const schedule of schedules) {
    table.push([
      schedule.name,
      schedule.cron,
      schedule.timezone,
      schedule.catchUp,
      formatTime(schedule.nextAt),
      formatTime(schedule.lastTick),
      truncate(toJson(schedule.input, 0), 50),
    ]);
  }
  return table.toString();
}

/** `errand stats`: tasks per name and status, with a total row. */
export function statsTable(stats: TaskStats): string {
  const table = new Table({ head: ["name", ...TASK_STATUSES, "total"], style: style() });
  const row = (name: string, counts: TaskStats["total"]) => [
    name,
    ...TASK_STATUSES.map((status) => String(counts[status])),
    String(TASK_STATUSES.reduce((sum, status) => sum + counts[status], 0)),
  ];
  const paused = new Set(stats.paused);
  const none = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as TaskStats["total"];
  // A paused name with no tasks yet gets a row too: that it is paused is what the reader needs.
  for (const name of [...new Set([...Object.keys(stats.byName), ...paused])].sort()) {
    table.push(row(paused.has(name) ? `${name} (paused)` : name, stats.byName[name] ?? none));
  }
  table.push(row("(all)", stats.total));
  return table.toString();
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
