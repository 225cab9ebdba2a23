import pino, { type Logger } from "pino";

/**
 * The errand's logger, on stderr so stdout stays the command's output. On a terminal each entry is
 * one short readable line; elsewhere (a service manager, a log shipper) pino's JSON lines.
 */
export function createLogger(level: string): Logger {
  if (!process.stderr.isTTY) return pino({ level }, pino.destination({ dest: 2, sync: true }));
  return pino({ level }, { write: (line: string) => process.stderr.write(readableLine(line)) });
}

function readableLine(line: string): string {
  const entry = JSON.parse(line) as Record<string, unknown>;
  const time = new Date(Number(entry.time)).toTimeString().slice(0, 8);
  const level = (pino.levels.labels[Number(entry.level)] ?? "log").toUpperCase().padEnd(5);
  const task = entry.taskName ? `${String(entry.taskName)} ${String(entry.taskId)}: ` : "";
  const error = (entry.err as { message?: unknown } | undefined)?.message;
  return `${time} ${level} ${task}${String(entry.msg ?? "")}${error ? ` (${String(error)})` : ""}\n`;
}
