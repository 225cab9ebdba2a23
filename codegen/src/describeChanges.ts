import { type ManifestTask, parseManifest } from "./manifest.js";

const maxLines = 20;

/**
 * A short account of why generated files are stale, for `--check` in CI: task by task when the
 * manifest on disk can be compared, else (or when no task changed) the differing lines.
 */
export function describeChanges(
  before: { registry?: string; manifest?: string },
  after: { registry: string; manifest: string },
): string[] {
  const oldTasks = parseManifest(before.manifest);
  const taskLines = oldTasks === undefined ? [] : taskChanges(oldTasks, parseManifest(after.manifest) ?? []);
  if (taskLines.length > 0) return taskLines;
  if (before.registry === undefined) return ["the registry file does not exist yet"];
  const lineDiff = changedLines(before.registry, after.registry);
  return lineDiff.length > 0 ? lineDiff : ["the files differ only in line order or in the manifest's format"];
}

function taskChanges(before: readonly ManifestTask[], after: readonly ManifestTask[]): string[] {
  const oldByName = new Map(before.map((task) => [task.name, task]));
  const newByName = new Map(after.map((task) => [task.name, task]));
  const lines: string[] = [];
  for (const task of after) {
    const old = oldByName.get(task.name);
    if (old === undefined) lines.push(`+ task "${task.name}" added (${where(task)})`);
    else if (where(old) !== where(task))
      lines.push(`~ task "${task.name}" moved: ${where(old)} -> ${where(task)}`);
    else if (old.description !== task.description) lines.push(`~ task "${task.name}" description changed`);
  }
  for (const task of before) {
    if (!newByName.has(task.name)) lines.push(`- task "${task.name}" removed (was ${where(task)})`);
  }
  return lines;
}

function where(task: ManifestTask): string {
  return `${task.file}:${task.line} export ${task.export}`;
}

/** Lines only in the old file (`-`) and only in the new one (`+`), counting repeats, capped. */
function changedLines(before: string, after: string): string[] {
  const counts = new Map<string, number>();
  for (const line of before.split("\n")) counts.set(line, (counts.get(line) ?? 0) + 1);
  const added: string[] = [];
  for (const line of after.split("\n")) {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else added.push(`+ ${line}`);
  }
  const removed = [...counts].flatMap(([line, n]) => Array.from({ length: n }, () => `- ${line}`));
  const lines = [...removed, ...added];
  return lines.length > maxLines
    ? [...lines.slice(0, maxLines), `... and ${lines.length - maxLines} more lines`]
    : lines;
}
