/**
 * What one attempt of a task ends with. Only the controller makes these (the brand keeps a
 * stray object from passing for one), and the runner turns each into a state change.
 */
export const outcomeBrand: unique symbol = Symbol.for("errand.outcome");

export interface SuccessOutcome<TOutput> {
  readonly [outcomeBrand]: true;
  readonly type: "success";
  readonly output: TOutput;
  /**
   * Phantom, never set: makes the type invariant in TOutput, so a run returning
   * `success({ a })` and `success({ a, b })` infers their union instead of one swallowing the other.
   */
  readonly "~output"?: (output: TOutput) => TOutput;
}

export interface ErrorOutcome {
  readonly [outcomeBrand]: true;
  readonly type: "error";
  readonly error: unknown;
  /** `false` fails the task now; otherwise it is retried while attempts remain. */
  readonly retry: boolean;
  /** Overrides the backoff delay for the next attempt. */
  readonly delayMs: number | undefined;
}

export interface AbortOutcome {
  readonly [outcomeBrand]: true;
  readonly type: "abort";
  readonly reason: string;
}

export interface ContinueOutcome {
  readonly [outcomeBrand]: true;
  readonly type: "continue";
  /** The checkpoint: input for the next run, when it changes. */
  readonly input: unknown;
  readonly hasInput: boolean;
  readonly delayMs: number;
}

export type TaskOutcome<TOutput> = SuccessOutcome<TOutput> | ErrorOutcome | AbortOutcome | ContinueOutcome;

export function isTaskOutcome(value: unknown): value is TaskOutcome<any> {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[outcomeBrand] === true
  );
}
