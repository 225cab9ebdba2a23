import type { TaskRecord } from "@errand/core";
import cliProgress from "cli-progress";
import { taskLine } from "./taskLine.js";

/** Shows a followed task's `controller.status` updates as they arrive. */
export interface ProgressView {
  update(record: TaskRecord): void;
  /** Ends the display; call before printing anything else to the same stream. */
  stop(): void;
}

/**
 * A bar on a terminal; on a pipe or a file, one plain line per change (a bar's carriage returns
 * would turn a log into noise). Either way it writes to `stream`, stderr by default, so stdout
 * carries only the task's output.
 */
export function createProgressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  return stream.isTTY ? barView(stream) : lineView(stream);
}

function lineView(stream: NodeJS.WriteStream): ProgressView {
  return {
    update: (record) => stream.write(`${taskLine(record)}\n`),
    stop() {},
  };
}

const BAR_TOTAL = 100;

function barView(stream: NodeJS.WriteStream): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{name} [{bar}] {percentage}% | {status} {message}",
      hideCursor: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(record) {
      const payload = { name: record.name, status: record.status, message: record.statusMessage ?? "" };
      // Progress is a fraction by convention; a finished task fills the bar whatever it reported.
      const fraction = record.status === "success" ? 1 : Math.min(1, Math.max(0, record.progress ?? 0));
      const value = Math.round(fraction * BAR_TOTAL);
      if (started) bar.update(value, payload);
      else {
        bar.start(BAR_TOTAL, value, payload);
        started = true;
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
