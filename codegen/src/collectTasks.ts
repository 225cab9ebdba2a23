import path from "node:path";
import type { CodegenConfig } from "./config.js";
import { compareStrings } from "./order.js";
import { relativePosix } from "./paths.js";
import { type Problem, problemCodes } from "./problems.js";
import type { ImportResolver } from "./resolveImport.js";
import type { FileStatus } from "./selectFiles.js";
import type { SourceIndex } from "./sourceIndex.js";
import type { DiscoveredTask } from "./types.js";

export type Collected = { tasks: DiscoveredTask[]; problems: Problem[] };
type App = { config: CodegenConfig; classify: (file: string) => FileStatus; imports: ImportResolver };

/** Gathers the tasks of the selected files and checks what only the whole app can show. */
export function collectTasks(index: SourceIndex, selected: ReadonlySet<string>, app: App): Collected {
  const { config } = app;
  const files = [...selected].sort(compareStrings);
  const entries = files.map((file) => index.load(file));
  const tasks = entries.flatMap((entry) => entry?.facts.tasks ?? []).sort(compareTasks);
  const problems = entries.flatMap((entry) => entry?.facts.problems ?? []);
  problems.push(...duplicateNames(tasks, config.cwd));

  const importers = new Map<string, string>();
  files.forEach((file, i) => {
    for (const specifier of entries[i]?.imports ?? []) {
      const target = app.imports.resolve(file, specifier);
      if (
        target !== undefined &&
        !selected.has(target) &&
        target !== config.output &&
        !importers.has(target)
      ) {
        importers.set(target, file);
      }
    }
  });
  for (const [file, importer] of importers) {
    const entry = index.load(file);
    for (const task of entry?.facts.tasks ?? []) problems.push(outsideInclude(task, importer, app));
  }
  return { tasks, problems };
}

/** By name, then by place: the one order used for the registry, the manifest and the reports. */
export function compareTasks(a: DiscoveredTask, b: DiscoveredTask): number {
  return (
    compareStrings(a.name, b.name) || compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column
  );
}

function duplicateNames(sorted: readonly DiscoveredTask[], cwd: string): Problem[] {
  const problems: Problem[] = [];
  let first = sorted[0];
  for (const task of sorted.slice(1)) {
    if (task.name !== first?.name) {
      first = task;
      continue;
    }
    problems.push({
      code: problemCodes.duplicateName,
      severity: "error",
      file: task.file,
      line: task.line,
      column: task.column,
      message: `task name "${task.name}" is also used by the task at ${relativePosix(cwd, first.file)}:${first.line}:${first.column}`,
      fix: "rename one of the two tasks; a task name must be unique in the app",
    });
  }
  return problems;
}

function outsideInclude(task: DiscoveredTask, importer: string, { config, classify }: App): Problem {
  const status = classify(task.file);
  const relative = relativePosix(config.root, task.file);
  const folder = relativePosix(config.root, path.dirname(task.file));
  const [why, fix] =
    status === "notIncluded"
      ? [
          "matches no include glob",
          `add "${folder ? `${folder}/` : ""}**" to "include", or move the file into an included folder`,
        ]
      : status === "excluded"
        ? [
            "matches an exclude glob",
            `change "exclude" so it does not match ${relative}, or move the task to another file`,
          ]
        : status === "skipped"
          ? ["is in node_modules or a hidden folder", "move the task into the app's sources"]
          : [
              "is outside the source root",
              `move the file under ${relativePosix(config.cwd, config.root) || "."}, or point "root" at a folder that holds it`,
            ];
  return {
    code: problemCodes.outsideInclude,
    severity: "warning",
    file: task.file,
    line: task.line,
    column: task.column,
    message: `task "${task.name}" is not in the registry: its file ${why} but is imported by ${relativePosix(config.cwd, importer)}`,
    fix,
  };
}
