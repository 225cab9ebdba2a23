import pino, { type Logger } from "pino";
import type { LogEntry } from "../store/rows.js";
import type { Store } from "../store/store.js";
import { encodePayload, serialize } from "../util/serialization.js";
import { TurnBatcher } from "../util/turnBatcher.js";

const OMITTED = new Set(["level", "time", "msg", "pid", "hostname", "taskId", "attempt", "taskName"]);

/**
 * Task loggers write through one pino instance whose destination keeps each line with its task
 * (batched into the store) and passes it on to the app's logger.
 */
export class TaskLogCapture {
  private readonly base: Logger;
  private readonly batcher: TurnBatcher<LogEntry>;

  constructor(
    private readonly store: Store,
    private readonly appLogger: Logger,
    level: string,
  ) {
    this.base = pino({ level, base: undefined }, { write: (line: string) => this.capture(line) });
    this.batcher = new TurnBatcher(
      (entries) => this.store.appendLogs(entries),
      (error) => this.appLogger.warn({ err: error }, "errand: could not store task log lines"),
    );
  }

  loggerFor(task: { id: string; name: string; attempt: number }): Logger {
    return this.base.child({ taskId: task.id, taskName: task.name, attempt: task.attempt });
  }

  drain(): Promise<void> {
    return this.batcher.drain();
  }

  private capture(line: string): void {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const level = pino.levels.labels[parsed.level as number] ?? "info";
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed)) if (!OMITTED.has(key)) data[key] = value;
    const encoded = Object.keys(data).length > 0 ? encodePayload(data, "The log line's data", "data") : null;
    this.batcher.add({
      taskId: String(parsed.taskId),
      attempt: Number(parsed.attempt),
      at: Number(parsed.time),
      level,
      message: typeof parsed.msg === "string" ? parsed.msg : "",
      // A line is never refused: data the store could not give back is replaced by the reason.
      data:
        encoded === null
          ? null
          : encoded.isOk()
            ? encoded.value
            : serialize({ dropped: encoded.error.message }),
    });
    const forward = (this.appLogger as unknown as Record<string, (obj: object, msg?: string) => void>)[level];
    forward?.call(
      this.appLogger,
      { ...data, taskId: parsed.taskId, taskName: parsed.taskName, attempt: parsed.attempt },
      parsed.msg as string,
    );
  }
}
