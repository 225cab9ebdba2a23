import path from "node:path";
import { Result } from "@errand/core";
import { coalescingQueue } from "./coalescingQueue.js";
import { collectTasks } from "./collectTasks.js";
import type { CodegenConfig } from "./config.js";
import { renderManifest } from "./manifest.js";
import { hasErrors, ioProblem, sortProblems } from "./problems.js";
import { renderRegistry } from "./render.js";
import { createImportResolver } from "./resolveImport.js";
import { createFileClassifier, listSelectedFiles } from "./selectFiles.js";
import { SourceIndex } from "./sourceIndex.js";
import type { FileOutcome, GenerateResult, GeneratorEvent } from "./types.js";
import { readIfExists, writeIfChanged } from "./writeIfChanged.js";

export type GeneratorOptions = {
  /** false: compute and compare only, as `--check` does; outcomes are then `unchanged` or `stale`. */
  write?: boolean;
};

/**
 * The codegen core. It takes events and runs one at a time: events that arrive during a run are
 * queued and coalesced into the next run, and every caller whose event went into a run gets that
 * run's result (see `coalescingQueue`). It keeps its parsed files between runs, so a run after an edit re-parses only the
 * edited files.
 *
 * @example
 * const generator = createGenerator(config);
 * await generator.run({ type: "rerun" });
 * await generator.run({ type: "update", path: "/app/src/email.ts" });
 */
export type Generator = {
  readonly config: CodegenConfig;
  run(event?: GeneratorEvent): Promise<GenerateResult>;
};

export function createGenerator(config: CodegenConfig, options: GeneratorOptions = {}): Generator {
  const write = options.write ?? true;
  const index = new SourceIndex();
  const classify = createFileClassifier(config);
  const matches = (file: string) => classify(file) === "selected";
  let selected = new Set<string>();
  let scanned = false;
  const imports = createImportResolver({ has: (file) => selected.has(file) });

  async function runOnce(events: readonly GeneratorEvent[]): Promise<GenerateResult> {
    let rescan = !scanned;
    for (const event of events) {
      if (event.type === "rerun") {
        rescan = true;
        continue;
      }
      const file = path.resolve(event.path);
      // The registry and manifest are this generator's own writes; reacting to them would loop.
      if (file === config.output || file === config.manifest) continue;
      if (event.type !== "update") imports.forget();
      if (event.type === "delete") {
        selected.delete(file);
        index.remove(file);
      } else {
        if (matches(file)) selected.add(file);
        index.invalidate(file);
      }
    }
    if (rescan) {
      selected = new Set(listSelectedFiles(config.root, matches));
      index.retainOnly((file) => selected.has(file));
      index.invalidateAll();
      imports.forget();
      scanned = true;
    }

    const collected = collectTasks(index, selected, { config, classify, imports });
    const problems = sortProblems(collected.problems);
    if (hasErrors(problems)) return Result.fail({ problems });
    const rendered = [
      {
        path: config.output,
        content: renderRegistry(collected.tasks, config.output, config.importExtension),
      },
      { path: config.manifest, content: renderManifest(collected.tasks, config.manifest) },
    ];
    try {
      const files = await Promise.all(rendered.map((file) => (write ? writeFile(file) : compareFile(file))));
      return Result.ok({ tasks: collected.tasks, files, warnings: problems });
    } catch (error) {
      return Result.fail({
        problems: [
          ...problems,
          ioProblem(config.output, write ? "write the generated files" : "read the generated files", error),
        ],
      });
    }
  }

  const enqueue = coalescingQueue(runOnce);
  return {
    config,
    run: (event = { type: "rerun" }) => enqueue(event),
  };
}

async function writeFile(file: { path: string; content: string }): Promise<FileOutcome> {
  return { ...file, status: await writeIfChanged(file.path, file.content) };
}

async function compareFile(file: { path: string; content: string }): Promise<FileOutcome> {
  return { ...file, status: (await readIfExists(file.path)) === file.content ? "unchanged" : "stale" };
}
