import type { Database, Statement } from "better-sqlite3";
import type { Statements } from "../statements.js";

export interface SqliteContext {
  db: Database;
  st: Statements;
  /** The UPDATE for each set of changed fields (see writeRow.ts), prepared on first use. */
  writes: Map<string, Statement>;
}
