import pino from "pino";
import { createErrand } from "../errand/createErrand.js";
import type { TaskError } from "../errors/taskError.js";
import type { TaskErrorData } from "../errors/taskErrorData.js";
import { memoryStore } from "../memory/memoryStore.js";
import type { AnyTaskDefinition } from "../task/definition.js";
import type { inferTaskInput, inferTaskOutput } from "../task/infer.js";
import type { TaskStatus } from "../task/record.js";

export interface RunOnceResult<TOutput, TInput = unknown> {
  status: TaskStatus;
  /** Set when the attempt succeeded. */
  output: TOutput | null;
  error: TaskErrorData | null;
  /** `pending` after a retry or `continue`: the attempt asked to run again. */
  willRunAgain: boolean;
  /** The input the next run starts from: the checkpoint after a `continue`, else the input given. */
  input: TInput;
  progress: number | null;
  statusMessage: string | null;
}

/**
 * Runs one attempt of one task, as a runner would, with no store or runner to set up: for unit
 * tests of a task. Input is validated as on trigger; a bad input returns the failed Result.
 */
export async function runTaskOnce<TDefinition extends AnyTaskDefinition>(
  definition: TDefinition,
  input: inferTaskInput<TDefinition>,
  options: { context?: Record<string, unknown> } = {},
): Promise<
  | { ok: true; value: RunOnceResult<inferTaskOutput<TDefinition>, inferTaskInput<TDefinition>> }
  | { ok: false; error: TaskError }
> {
  let attemptEnded!: () => void;
  const ended = new Promise<void>((resolve) => {
    attemptEnded = resolve;
  });
  // Without settleAndClaim: a write that settles the attempt would also claim (and start) a retry
  // or continue that is due at once, before onAfterRun could stop the runner.
  const { settleAndClaim: _claimsInTheSameWrite, ...store } = memoryStore();
  const errand = createErrand({
    tasks: { [definition.name]: definition },
    store,
    logger: pino({ level: "silent" }),
    context: options.context ?? {},
    // Stop claiming the moment the first attempt is recorded, so a retry or continue is not run.
    hooks: { onAfterRun: () => attemptEnded() },
  });
  const triggered = await errand.tasks.trigger({ name: definition.name, input } as never);
  if (triggered.isFail()) return { ok: false, error: triggered.error };
  const runner = errand.runner({ concurrency: 1, pollIntervalMs: 5 });
  const stopped = ended.then(() => runner.stop({ graceMs: 0 }));
  runner.start();
  try {
    await stopped;
    const record = (await errand.tasks.get(triggered.value.id)).unwrap();
    return {
      ok: true,
      value: {
        status: record.status,
        output: record.output as inferTaskOutput<TDefinition> | null,
        error: record.error,
        willRunAgain: record.status === "pending",
        input: record.input as inferTaskInput<TDefinition>,
        progress: record.progress,
        statusMessage: record.statusMessage,
      },
    };
  } finally {
    await runner.stop({ graceMs: 0 });
  }
}
