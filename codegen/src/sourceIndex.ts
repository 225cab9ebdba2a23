import { readFileSync } from "node:fs";
import { Project } from "ts-morph";
import { discoverTasks, type FileFacts } from "./discover.js";
import { ioProblem } from "./problems.js";
import { relativeImportsOf, relativeImportsOfText } from "./relativeImports.js";

/** One source file as last read: its text, its tasks, and the relative modules it imports. */
export type SourceEntry = { text: string; facts: FileFacts; imports: readonly string[] };

const noFacts: FileFacts = { tasks: [], problems: [] };

/**
 * Parses each file at most once per content. Two caches: `#entries` holds what discovery found per
 * file and survives between watch runs, so a run re-reads only files marked dirty and re-parses only
 * those whose text changed; `#project` holds the parsed trees of files that mention `defineTask`
 * and is refreshed file by file, never rebuilt.
 */
export class SourceIndex {
  readonly #project = new Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    skipAddingFilesFromTsConfig: true,
    skipLoadingLibFiles: true,
  });
  readonly #entries = new Map<string, SourceEntry>();
  readonly #dirty = new Set<string>();

  /** The file's entry, re-read when it is new or dirty; `undefined` when it no longer exists. */
  load(file: string): SourceEntry | undefined {
    const cached = this.#entries.get(file);
    if (cached !== undefined && !this.#dirty.has(file)) return cached;
    this.#dirty.delete(file);
    let text: string;
    try {
      // Synchronous on purpose: for a thousand small files it is several times faster than
      // fs/promises, and a run is one batch of work either way.
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        this.remove(file);
        return undefined;
      }
      return this.#store(file, {
        text: "",
        facts: { tasks: [], problems: [ioProblem(file, "read the file", error)] },
        imports: [],
      });
    }
    if (cached !== undefined && cached.text === text) return cached;
    return this.#store(file, this.#read(file, text));
  }

  invalidate(file: string): void {
    if (this.#entries.has(file)) this.#dirty.add(file);
  }

  invalidateAll(): void {
    for (const file of this.#entries.keys()) this.#dirty.add(file);
  }

  remove(file: string): void {
    this.#entries.delete(file);
    this.#dirty.delete(file);
    this.#dropTree(file);
  }

  /** Drops files not seen by the last full scan, so deleted files do not linger in memory. */
  retainOnly(keep: (file: string) => boolean): void {
    for (const file of [...this.#entries.keys()]) if (!keep(file)) this.remove(file);
  }

  #read(file: string, text: string): SourceEntry {
    // Cheap pre-filter: every way of calling defineTask (named, aliased, namespace) spells it out.
    if (!text.includes("defineTask")) {
      this.#dropTree(file);
      return { text, facts: noFacts, imports: relativeImportsOfText(text) };
    }
    // Overwriting a file the project does not hold makes ts-morph probe for it and build an Error.
    const overwrite = this.#project.getSourceFile(file) !== undefined;
    const sourceFile = this.#project.createSourceFile(file, text, { overwrite }).compilerNode;
    return { text, facts: discoverTasks(sourceFile), imports: relativeImportsOf(sourceFile) };
  }

  #dropTree(file: string): void {
    const sourceFile = this.#project.getSourceFile(file);
    if (sourceFile !== undefined) this.#project.removeSourceFile(sourceFile);
  }

  #store(file: string, entry: SourceEntry): SourceEntry {
    this.#entries.set(file, entry);
    return entry;
  }
}
