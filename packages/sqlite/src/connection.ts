import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export interface ConnectionOptions {
  path: string;
  /**
   * "normal" (default): safe against a crashed process; the last commits may be lost on an OS
   * crash or power cut. "full": fsync on every commit, safe against those too, several times slower.
   */
  synchronous?: "normal" | "full";
  /** How long a write waits for another process's lock before failing. Default 5,000 ms. */
  busyTimeoutMs?: number;
}

export function openDatabase(options: ConnectionOptions): Database.Database {
  if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  // WAL lets runners in other processes read while one writes; busy_timeout makes writers queue.
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5_000}`);
  db.pragma("temp_store = MEMORY");
  // A bulk trigger touches many index pages; the default 2 MB page cache makes it spill to disk.
  db.pragma("cache_size = -65536");
  return db;
}
