import type { z } from "zod";
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

interface ControllerCore {
  error(error: unknown, options?: ErrorOptions): ErrorOutcome;
  abort(reason?: string): AbortOutcome;
  /** Persists progress and a message while the task runs; `get` and `watch` see them. */
  status(update: StatusUpdate): Promise<void>;
}

interface ControllerBase<TInput> extends ControllerCore {
  /** Ends this run and schedules the next from a checkpoint, possibly on another runner. */
  continue(options?: ContinueOptions<TInput>): ContinueOutcome;
}

/**
 * A controller whose `success` takes exactly `TOutput`, for helpers that take the controller of a
 * task with an `output` schema: `run`'s own (`SchemaTaskController`, typed from the schemas) is
 * assignable to it.
 */
export interface TaskController<TInput, TOutput> extends ControllerBase<TInput> {
  success(
    ...output: undefined extends TOutput ? [output?: TOutput] : [output: TOutput]
  ): SuccessOutcome<TOutput>;
}

/**
 * A controller whose `success` infers the output type, for helpers that take the controller of a
 * task without an `output` schema: `run`'s own (`InferringSchemaTaskController`) is assignable to it.
 */
export interface InferringTaskController<TInput> extends ControllerBase<TInput> {
  success(): SuccessOutcome<undefined>;
  success<TOutput>(output: TOutput): SuccessOutcome<TOutput>;
}

/*
 * What `run` gets: the members above, typed from the schemas themselves. The input schema's
 * `z.input` is computed only where `continue` is used, not for every task: a type argument such
 * as `TaskController<z.input<...>, ...>` is computed as soon as the controller is, and most
 * tasks never continue (a 500-task app: 338k instantiations before, 281k after, with the
 * definitions' phantom types read as lazily). Each is assignable to the public controller of
 * the same types, for helpers that take a controller.
 */
interface SchemaControllerBase<TInputSchema> extends ControllerCore {
  /** Ends this run and schedules the next from a checkpoint, possibly on another runner. */
  continue(options?: ContinueOptions<z.input<TInputSchema>>): ContinueOutcome;
}

/** `run`'s controller with an `output` schema: `success` takes the schema's input side. */
export interface SchemaTaskController<TInputSchema, TOutputSchema>
  extends SchemaControllerBase<TInputSchema> {
  success(
    ...output: undefined extends z.input<TOutputSchema>
      ? [output?: z.input<TOutputSchema>]
      : [output: z.input<TOutputSchema>]
  ): SuccessOutcome<z.input<TOutputSchema>>;
}

/** `run`'s controller without an `output` schema: the output type is inferred from `success`. */
export interface InferringSchemaTaskController<TInputSchema> extends SchemaControllerBase<TInputSchema> {
  success(): SuccessOutcome<undefined>;
  success<TOutput>(output: TOutput): SuccessOutcome<TOutput>;
}
