/**
 * An expected failure of a command: printed as `errand: <message>` with no stack trace (unless
 * --verbose), and the process exits with `exitCode`. The message says what is wrong and how to fix it.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  /**
   * The cause lies outside the app's code (a port in use, a database that cannot be reached), so
   * saving a file cannot fix it: `errand dev` stops instead of waiting for the next save.
   */
  readonly environmental: boolean;

  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown; environmental?: boolean },
  ) {
    super(message, options);
    this.environmental = options?.environmental === true;
  }
}

/** Exit codes, documented in the README: scripts branch on them. */
export const ExitCode = {
  ok: 0,
  /** The operation failed, or the task failed or was aborted. */
  failed: 1,
  /** A usage mistake: unknown flag, missing argument, malformed --input. */
  usage: 2,
  /** Stopped by Ctrl-C while following a task (the task itself keeps running). */
  interrupted: 130,
} as const;
