import pino, { type Logger } from "pino";
import type { LogEntry } from "../store/rows.js";
import type { Store } from "../store/store.js";
import { serialize } from "../util/serialization.js";

const OMITTED = new Set(["level", "time", "msg", "pid", "hostname", "taskId", "attempt", "taskName"]);

/**
 * Task loggers write through one pino instance whose destination keeps each line with its task
 * (batched into the store) and passes it on to the app's logger.
 */
export class TaskLogCapture {
  private readonly base: Logger;
  private pending: LogEntry[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly appLogger: Logger,
    level: string,
  ) {
    this.base = pino({ level, base: undefined }, { write: (line: string) => this.capture(line) });
  }

  loggerFor(task: { id: string; name: string; attempt: number }): Logger {
    return this.base.child({ taskId: task.id, taskName: task.name, attempt: task.attempt });
  }

  async drain(): Promise<void> {
    while (this.scheduled) await new Promise((resolve) => setImmediate(resolve));
    await this.inFlight;
  }

  private capture(line: string): void {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const level = pino.levels.labels[parsed.level as number] ?? "info";
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed)) if (!OMITTED.has(key)) data[key] = value;
    const hasData = Object.keys(data).length > 0;
    this.pending.push({
      taskId: String(parsed.taskId),
      attempt: Number(parsed.attempt),
      at: Number(parsed.time),
      level,
      message: typeof parsed.msg === "string" ? parsed.msg : "",
      data: hasData ? serialize(data) : null,
    });
    const forward = (this.appLogger as unknown as Record<string, (obj: object, msg?: string) => void>)[level];
    forward?.call(
      this.appLogger,
      { ...data, taskId: parsed.taskId, taskName: parsed.taskName, attempt: parsed.attempt },
      parsed.msg as string,
    );
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.inFlight = this.inFlight.then(() => this.flush());
      });
    }
  }

  private async flush(): Promise<void> {
    const entries = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (entries.length === 0) return;
    try {
      await this.store.appendLogs(entries);
    } catch (error) {
      this.appLogger.warn({ err: error, lines: entries.length }, "errand: could not store task log lines");
    }
  }
}
