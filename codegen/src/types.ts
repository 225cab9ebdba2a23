import type { Result } from "@errand/core";
import type { Problem } from "./problems.js";

/** One `defineTask` call whose result the app exports: what the registry imports. */
export type DiscoveredTask = {
  name: string;
  /** Absolute path of the module that calls `defineTask`. */
  file: string;
  /** 1-based position of the `defineTask` call. */
  line: number;
  column: number;
  /** The name the defining module exports it under; `"default"` for a default export. */
  exportName: string;
  /** Present only when the definition's `description` is a string literal. */
  description?: string;
};

/** What a run did with one output file. `stale` only when not writing (`check`). */
export type FileOutcome = {
  path: string;
  content: string;
  status: "written" | "unchanged" | "stale";
};

/** Why nothing was generated: the errors, and any warnings found alongside them. */
export type CodegenFailure = { problems: Problem[] };

export type Generated = { tasks: DiscoveredTask[]; files: FileOutcome[]; warnings: Problem[] };

/** On failure nothing was written. */
export type GenerateResult = Result<Generated, CodegenFailure>;

/**
 * What the generator core reacts to. A file watcher only translates its own events into these;
 * `rerun` rescans the whole root.
 */
export type GeneratorEvent = { type: "create" | "update" | "delete"; path: string } | { type: "rerun" };
