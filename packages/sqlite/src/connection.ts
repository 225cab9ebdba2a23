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
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  // busy_timeout first, so every statement below queues behind another process's lock.
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // WAL lets runners in other processes read while one writes. Switching a brand-new file to WAL
  // reads it and then needs it to itself; while another process opening the same file holds its
  // write lock (migrating it), SQLite answers SQLITE_BUSY at once rather than risk a deadlock in
  // its busy handler. Retry within the busy timeout.
  retryWhileBusy(busyTimeoutMs, () => db.pragma("journal_mode = WAL"));
  db.pragma(`synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.pragma("temp_store = MEMORY");
  // A bulk trigger touches many index pages; the default 2 MB page cache makes it spill to disk.
  db.pragma("cache_size = -65536");
  return db;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Runs `action`, again after a short pause while it fails with SQLITE_BUSY, for up to `timeoutMs`. */
export function retryWhileBusy<T>(timeoutMs: number, action: () => T): T {
  const deadline = Date.now() + timeoutMs;
  for (let waitMs = 1; ; waitMs = Math.min(waitMs * 2, 50)) {
    try {
      return action();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== "string" || !code.startsWith("SQLITE_BUSY") || Date.now() >= deadline) throw error;
      // better-sqlite3 is synchronous and so is opening; SQLite's own busy handler blocks the same way.
      Atomics.wait(pause, 0, 0, waitMs);
    }
  }
}

/**
 * A file SQLite cannot write (permissions, a read-only mount, a folder where the -wal and -shm
 * files cannot be created) as a clear error; other errors pass through unchanged.
 */
export function explainOpenError(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code)) return error;
  return new Error(
    `cannot write the SQLite file ${path} (${code}: ${(error as Error).message}). errand must read and write it, and create the -wal and -shm files beside it: make the file and its folder writable by this user, or point the store at a writable path.`,
    { cause: error },
  );
}
