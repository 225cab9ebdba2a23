import type { Logger } from "pino";
import type { Store } from "../store/store.js";
import type { ContinueOptions, ErrorOptions, StatusUpdate } from "../task/controller.js";
import {
  type AbortOutcome,
  type ContinueOutcome,
  type ErrorOutcome,
  outcomeBrand,
  type SuccessOutcome,
} from "../task/outcome.js";

/** The `controller` a task's `run` receives for one attempt. */
export class AttemptController {
  constructor(
    private readonly target: { id: string; runnerId: string; leaseNumber: number },
    private readonly store: Store,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly onStatus: ((id: string) => void) | undefined,
  ) {}

  success<TOutput>(output?: TOutput): SuccessOutcome<TOutput> {
    return { [outcomeBrand]: true, type: "success", output: output as TOutput };
  }

  error(error: unknown, options: ErrorOptions = {}): ErrorOutcome {
    return {
      [outcomeBrand]: true,
      type: "error",
      error,
      retry: options.retry !== false,
      delayMs: options.delayMs,
    };
  }

  abort(reason = "aborted by the task"): AbortOutcome {
    return { [outcomeBrand]: true, type: "abort", reason };
  }

  continue(options: ContinueOptions<unknown> = {}): ContinueOutcome {
    return {
      [outcomeBrand]: true,
      type: "continue",
      input: options.input,
      hasInput: "input" in options && options.input !== undefined,
      delayMs: Math.max(0, options.delayMs ?? 0),
    };
  }

  async status(update: StatusUpdate): Promise<void> {
    const progress = update.progress;
    if (progress !== undefined && !Number.isFinite(progress)) {
      throw new TypeError(`controller.status: progress must be a finite number, got ${progress}`);
    }
    try {
      const written = await this.store.setStatus({
        ...this.target,
        progress,
        message: update.message === undefined ? undefined : String(update.message).slice(0, 2_000),
        now: this.now(),
      });
      if (written) this.onStatus?.(this.target.id);
    } catch (error) {
      // Progress is informational: a failed write must not fail the task.
      this.logger.warn({ err: error, taskId: this.target.id }, "errand: could not record task status");
    }
  }
}
