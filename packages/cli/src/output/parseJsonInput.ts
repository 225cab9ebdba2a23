import { CliError, ExitCode } from "../cliError.js";
import { locateJsonError } from "./locateJsonError.js";

/** Parses a JSON flag value, or fails with where it is malformed and a caret under the spot. */
export function parseJsonInput(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const location = locateJsonError(text);
    if (!location)
      throw new CliError(`${flag} is not valid JSON: ${(error as Error).message}`, ExitCode.usage);
    const line = text.split("\n")[location.line - 1] ?? "";
    // Long one-line inputs are cut to a window around the error, so the caret stays readable.
    const start = Math.max(0, location.column - 1 - 40);
    const shown = (start > 0 ? "…" : "") + line.slice(start, start + 80);
    const caret = " ".repeat(location.column - 1 - start + (start > 0 ? 1 : 0));
    throw new CliError(
      `${flag} is not valid JSON: ${location.reason} at line ${location.line}, column ${location.column}\n` +
        `  ${shown}\n  ${caret}^\n` +
        `Quote it for the shell, e.g. ${flag} '{"name":"Ada"}'`,
      ExitCode.usage,
    );
  }
}
