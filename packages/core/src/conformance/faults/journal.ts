import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Every line of every process's journal in `dir` (one JSON object a line, one file a process). */
export function readJournal<TEntry>(dir: string): TEntry[] {
  return readdirSync(dir).flatMap((file) =>
    readFileSync(join(dir, file), "utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as TEntry),
  );
}
