import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { ChunkRecord, ChunkWrite, ImportTarget, PeopleSummary } from "./importTarget.js";

export function sqliteTarget(path: string): ImportTarget {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: the progress reader (and a test) can read while a runner in another process writes.
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.exec(`
    CREATE TABLE IF NOT EXISTS people (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT NOT NULL,
      amount_cents INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS import_chunks (
      task_id TEXT NOT NULL,
      start_row INTEGER NOT NULL,
      rows INTEGER NOT NULL,
      inserted INTEGER NOT NULL,
      pid INTEGER NOT NULL,
      at INTEGER NOT NULL
    );`);
  const insertPerson = db.prepare(
    "INSERT INTO people (id, name, email, amount_cents) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
  );
  const logChunk = db.prepare(
    "INSERT INTO import_chunks (task_id, start_row, rows, inserted, pid, at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const write = db.transaction((chunk: ChunkWrite) => {
    let inserted = 0;
    for (const p of chunk.people) inserted += insertPerson.run(p.id, p.name, p.email, p.amountCents).changes;
    logChunk.run(chunk.taskId, chunk.startRow, chunk.people.length, inserted, process.pid, Date.now());
    return inserted;
  });
  const chunks = db.prepare(
    "SELECT start_row AS startRow, rows, inserted, pid FROM import_chunks WHERE task_id = ? ORDER BY rowid",
  );
  const summary = db.prepare(`
    SELECT count(*) AS rows, count(DISTINCT id) AS distinctIds, min(id) AS minId, max(id) AS maxId,
      coalesce(sum(amount_cents), 0) AS amountCents
    FROM people`);

  return {
    writeChunk: async (chunk) => write(chunk),
    chunks: async (taskId) => chunks.all(taskId) as ChunkRecord[],
    summary: async () => summary.get() as PeopleSummary,
    close: async () => {
      db.close();
    },
  };
}
