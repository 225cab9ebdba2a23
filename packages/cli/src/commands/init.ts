import type { Command } from "commander";
import { resolveCodegenPaths } from "../config/codegenPaths.js";
import { scaffoldApp } from "../init/scaffold.js";
import { CONFIG_FILE, SCAFFOLD_PATHS } from "../init/templates.js";
import { runCodegenIn } from "./codegen.js";
import { action, type CommandContext, type ExitState } from "./kit.js";

export function registerInit(program: Command, state: ExitState): void {
  program
    .command("init")
    .description(
      "scaffold an app in this folder: errand.config.ts, an example task, its registry, scripts; overwrites nothing",
    )
    .action(action(state, runInit));
}

async function runInit(_args: string[], _flags: object, context: CommandContext): Promise<number> {
  const steps = await scaffoldApp(context.cwd);
  for (const step of steps) {
    console.log(`errand init: ${step.outcome} ${step.file}${step.detail ? ` (${step.detail})` : ""}`);
  }
  // A config that was already there may point codegen elsewhere: then it decides, not the scaffold.
  const configKept = steps.some((step) => step.file === CONFIG_FILE && step.outcome === "skipped");
  const config = configKept ? await context.config() : undefined;
  const paths = config ?? resolveCodegenPaths(context.cwd, SCAFFOLD_PATHS);
  const code = await runCodegenIn(config?.appDir ?? context.cwd, paths, []);
  if (code !== 0) return code;
  console.log(
    [
      "",
      "Next:",
      "  npm run dev                                              # server + runner; reloads on save",
      `  npx errand trigger hello --input '{"name":"Ada"}' --follow  # in a second terminal`,
      "  npm run build && npm start                               # compiled, no TypeScript loader",
    ].join("\n"),
  );
  return 0;
}
