import type { Command } from "commander";
import { loadConfig, type ResolvedConfig } from "../config/loadConfig.js";

/** The program's own options, valid before or after any command. */
export interface GlobalOptions {
  config?: string;
  verbose?: boolean;
}

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  /** The app's errand.config.ts (or the defaults), loaded on first call. */
  config(): Promise<ResolvedConfig>;
}

/** A command's work: returns the process exit code. */
export type CommandRun<TOptions> = (
  args: string[],
  options: TOptions & GlobalOptions,
  context: CommandContext,
) => Promise<number>;

/** Where an action leaves its exit code: commander ignores what actions return. */
export interface ExitState {
  code: number;
}

/** Adapts a `CommandRun` to commander's `(...args, options, command)` action signature. */
export function action<TOptions>(state: ExitState, run: CommandRun<TOptions>) {
  return async (...received: unknown[]): Promise<void> => {
    const command = received.at(-1) as Command;
    const options = command.optsWithGlobals() as TOptions & GlobalOptions;
    const args = received.slice(0, -2) as string[];
    let config: Promise<ResolvedConfig> | undefined;
    const context: CommandContext = {
      cwd: process.cwd(),
      env: process.env,
      verbose: options.verbose === true,
      config: () => {
        config ??= loadConfig({ cwd: process.cwd(), file: options.config });
        return config;
      },
    };
    state.code = await run(args, options, context);
  };
}
