/**
 * The return shape of every operation that can fail for an expected reason.
 * Exceptions are for bugs; anything a caller should handle is a `Fail`.
 *
 * @example
 * const triggered = await errand.tasks.trigger({ name: "sendEmail", input });
 * if (triggered.isFail()) return console.error(triggered.error.message);
 * console.log(triggered.value.id);
 */
export type Result<TValue, TError = Error> = Ok<TValue, TError> | Fail<TValue, TError>;

export class Ok<TValue, TError = never> {
  readonly ok = true as const;
  constructor(readonly value: TValue) {}
  isOk(): this is Ok<TValue, TError> {
    return true;
  }
  isFail(): this is Fail<TValue, TError> {
    return false;
  }
  /** The value, or throws: for tests and scripts where a failure is a bug. */
  unwrap(): TValue {
    return this.value;
  }
}

export class Fail<TValue, TError = Error> {
  readonly ok = false as const;
  constructor(readonly error: TError) {}
  isOk(): this is Ok<TValue, TError> {
    return false;
  }
  isFail(): this is Fail<TValue, TError> {
    return true;
  }
  unwrap(): never {
    throw this.error instanceof Error ? this.error : new Error(String(this.error));
  }
}

export const Result = {
  ok<TValue>(value: TValue): Ok<TValue, never> {
    return new Ok(value);
  },
  fail<TError>(error: TError): Fail<never, TError> {
    return new Fail(error);
  },
};
