import { CliError } from "../cliError.js";

/**
 * Runs `work`; a rejected input that had a string where its schema wants a date gets one more
 * line saying what the CLI accepts there (it turns ISO 8601 strings into Dates).
 */
export async function withDateHint<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliError && /expected date, received string/.test(error.message)) {
      throw new CliError(
        `${error.message}\n(dates are ISO 8601 strings, e.g. 2026-12-01T09:00:00Z or 2026-12-01)`,
        error.exitCode,
        { cause: error.cause },
      );
    }
    throw error;
  }
}
