import { type Errand, type Runner, TaskError, type TaskRegistry } from "@errand/core";
import { CliError, ExitCode } from "../cliError.js";

/** Starts a runner; an unknown name in `--names` closes the errand and fails as a usage error. */
export async function startRunner(
  errand: Errand<TaskRegistry>,
  options: { concurrency: number; names?: string[] | undefined },
): Promise<Runner> {
  try {
    return errand
      .runner({ concurrency: options.concurrency, ...(options.names ? { names: options.names } : {}) })
      .start();
  } catch (error) {
    await errand.close();
    if (error instanceof TaskError)
      throw new CliError(`--names: ${error.message}`, ExitCode.usage, { cause: error });
    throw error;
  }
}
