import type { TaskRecord } from "@errand/core";
import { ExitCode } from "../cliError.js";
import type { TasksConnection } from "../connect/connection.js";
import { toJson } from "../output/json.js";
import { createProgressView, type ProgressView } from "../output/progress.js";

/** How long a due task may stay pending before `--follow` suspects that no runner is up. */
const NO_RUNNER_HINT_MS = 5_000;

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
  let last = triggered;
  const hint = hintIfNoRunner(() => last, progress);
  let finished: TaskRecord | null;
  try {
    finished = await connection.follow(
      triggered.id,
      (record) => {
        last = record;
        progress.update(record);
      },
      interrupt.signal,
    );
  } finally {
    clearInterval(hint);
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

/**
 * A task triggered on a store (or a server without --runner) that nothing runs would be followed
 * forever in silence; say once what is probably missing.
 */
function hintIfNoRunner(current: () => TaskRecord, progress: ProgressView): NodeJS.Timeout {
  const timer = setInterval(() => {
    const task = current();
    if (task.status !== "pending" || Date.now() - task.runAt.getTime() < NO_RUNNER_HINT_MS) return;
    clearInterval(timer);
    progress.stop();
    process.stderr.write(
      `${task.name} ${task.id} is still pending ${NO_RUNNER_HINT_MS / 1000} s after it was due: is a runner up? ` +
        "Start one with `errand runner`, `errand serve --runner` or `errand dev` (Ctrl-C stops following)\n",
    );
  }, 1_000);
  timer.unref();
  return timer;
}
