import type { TaskRecord } from "@errand/core";
import { ExitCode } from "../cliError.js";
import type { TasksConnection } from "../connect/connection.js";
import { toJson } from "../output/json.js";
import { createProgressView } from "../output/progress.js";

/**
 * `trigger --follow`: progress on stderr while the task runs, then its output on stdout (or the
 * record with --json). Exit 0 on success, 1 when it failed or was aborted. Ctrl-C stops following,
 * not the task.
 */
export async function followTask(
  connection: TasksConnection,
  triggered: TaskRecord,
  options: { json: boolean },
): Promise<number> {
  process.stderr.write(`triggered ${triggered.name} ${triggered.id}\n`);
  const progress = createProgressView();
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once("SIGINT", onSigint);
  let finished: TaskRecord | null;
  try {
    finished = await connection.follow(triggered.id, (record) => progress.update(record), interrupt.signal);
  } finally {
    progress.stop();
    process.off("SIGINT", onSigint);
  }
  if (!finished) {
    process.stderr.write(
      `stopped following; task ${triggered.id} keeps going (see \`errand get ${triggered.id}\`)\n`,
    );
    return ExitCode.interrupted;
  }
  if (options.json) console.log(toJson(finished));
  if (finished.status === "success") {
    if (!options.json) console.log(toJson(finished.output));
    return ExitCode.ok;
  }
  const error = finished.error;
  process.stderr.write(
    `errand: task ${finished.name} ${finished.id} ${finished.status} after ${finished.attempt} attempt(s)` +
      `${error ? `: ${error.code}: ${error.message}` : ""}\n`,
  );
  return ExitCode.failed;
}
