import { existsSync } from "node:fs";
import path from "node:path";
import type { TaskRegistry } from "@errand/core";
import { CliError } from "../cliError.js";
import { importAppModule } from "../runtime/importAppModule.js";
import { blameTaskFile } from "./blameTaskFile.js";

/** Imports the app's tasks from the generated registry (`tasks` of errand.gen.ts). */
export async function loadRegistry(generated: string, cwd: string): Promise<TaskRegistry> {
  const shown = path.relative(cwd, generated) || generated;
  if (!existsSync(generated)) {
    throw new CliError(
      `no task registry at ${shown}; run \`errand codegen\` (or set "generated" in errand.config.ts)`,
    );
  }
  let loaded: { tasks?: unknown };
  try {
    loaded = await importAppModule(generated);
  } catch (error) {
    throw (
      (await blameTaskFile(generated, cwd)) ??
      new CliError(`cannot load the tasks from ${shown}: ${(error as Error).message}`, 1, {
        cause: error,
      })
    );
  }
  if (typeof loaded.tasks !== "object" || loaded.tasks === null) {
    throw new CliError(`${shown} exports no \`tasks\`; regenerate it with \`errand codegen\``);
  }
  return loaded.tasks as TaskRegistry;
}
