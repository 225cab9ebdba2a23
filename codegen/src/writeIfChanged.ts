import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

let tempCounter = 0;

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Writes only when the content differs, so watchers and build tools downstream see no change when
 * there is none. The temp file sits beside the target so the rename stays on one file system and a
 * reader never sees a half-written registry.
 */
export async function writeIfChanged(file: string, content: string): Promise<"written" | "unchanged"> {
  if ((await readIfExists(file)) === content) return "unchanged";
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${tempCounter++}.tmp`;
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return "written";
}
