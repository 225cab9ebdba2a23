import type { Database } from "better-sqlite3";
import type { Statements } from "../statements.js";

export interface SqliteContext {
  db: Database;
  st: Statements;
}
