import type { AbortOutcome, ContinueOutcome, ErrorOutcome, SuccessOutcome } from "./outcome.js";

export interface StatusUpdate {
  /** Fraction done, 0 to 1 (or any number your UI understands). */
  progress?: number;
  message?: string;
}

export interface ErrorOptions {
  /** `false`: fail now, no more attempts. Default: retry while attempts remain. */
  retry?: boolean;
  /** Wait this long before the next attempt instead of the backoff delay. */
  delayMs?: number;
}

export interface ContinueOptions<TInput> {
  /** The checkpoint the next run starts from; validated against the task's input schema. */
  input?: TInput;
  delayMs?: number;
}

interface ControllerBase<TInput> {
  error(error: unknown, options?: ErrorOptions): ErrorOutcome;
  abort(reason?: string): AbortOutcome;
  /** Ends this run and schedules the next from a checkpoint, possibly on another runner. */
  continue(options?: ContinueOptions<TInput>): ContinueOutcome;
  /** Persists progress and a message while the task runs; `get` and `watch` see them. */
  status(update: StatusUpdate): Promise<void>;
}

/** The controller of a task that declares an `output` schema: `success` takes exactly that type. */
export interface TaskController<TInput, TOutput> extends ControllerBase<TInput> {
  success(
    ...output: undefined extends TOutput ? [output?: TOutput] : [output: TOutput]
  ): SuccessOutcome<TOutput>;
}

/** The controller of a task without an `output` schema: the output type is inferred from `success`. */
export interface InferringTaskController<TInput> extends ControllerBase<TInput> {
  success(): SuccessOutcome<undefined>;
  success<TOutput>(output: TOutput): SuccessOutcome<TOutput>;
}
