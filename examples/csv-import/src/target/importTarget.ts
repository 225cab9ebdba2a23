import { join } from "node:path";
import type { Person } from "../csv/parsePerson.js";
import type { StoreSettings } from "../store.js";
import { postgresTarget } from "./postgresTarget.js";
import { sqliteTarget } from "./sqliteTarget.js";

export interface ChunkWrite {
  taskId: string;
  /** The row number (0-based, header excluded) of the chunk's first person. */
  startRow: number;
  people: Person[];
}

/** One committed chunk, as `import_chunks` logs it. */
export interface ChunkRecord {
  startRow: number;
  rows: number;
  inserted: number;
  /** The process that wrote it. */
  pid: number;
}

export interface PeopleSummary {
  rows: number;
  distinctIds: number;
  minId: number | null;
  maxId: number | null;
  amountCents: number;
}

/** Where the import writes: the `people` table, and `import_chunks`, a log of the chunks written. */
export interface ImportTarget {
  /**
   * Inserts a chunk's people and logs the chunk in one transaction. People already present are
   * skipped, so a chunk delivered twice (its runner died after the commit but before errand
   * recorded the checkpoint) adds nothing. Returns how many people were new.
   */
  writeChunk(chunk: ChunkWrite): Promise<number>;
  /** The chunks written for one import task, in the order they were written. */
  chunks(taskId: string): Promise<ChunkRecord[]>;
  summary(): Promise<PeopleSummary>;
  close(): Promise<void>;
}

/** The import's own tables sit beside errand's: a second SQLite file, or the same Postgres schema. */
export function openTarget(settings: StoreSettings): Promise<ImportTarget> {
  return settings.databaseUrl
    ? postgresTarget(settings.databaseUrl, settings.schema)
    : Promise.resolve(sqliteTarget(join(settings.dir, "people.db")));
}
