import type { Database } from "better-sqlite3";
import { MIGRATIONS } from "./migrations.js";

/**
 * Brings the schema up to date. BEGIN IMMEDIATE takes the write lock before reading the version,
 * so processes that start at once apply each migration exactly once, one after the other.
 */
export function migrate(db: Database): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS errand_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
  );
  const apply = db.transaction(() => {
    const row = db.prepare("SELECT COALESCE(MAX(version), 0) AS version FROM errand_migrations").get() as {
      version: number;
    };
    const known = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (row.version > known) {
      throw new Error(
        `This database has errand schema version ${row.version}, newer than this @errand/sqlite knows (${known}); upgrade @errand/sqlite.`,
      );
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= row.version) continue;
      db.exec(migration.sql);
      db.prepare("INSERT INTO errand_migrations (version, applied_at) VALUES (?, ?)").run(
        migration.version,
        Date.now(),
      );
    }
    // SQLite opens a file it may not write read-only without a word, and reads work: find out
    // now with a write that leaves nothing behind, not on every claim after start.
    db.prepare("INSERT INTO errand_migrations (version, applied_at) VALUES (-1, 0)").run();
    db.prepare("DELETE FROM errand_migrations WHERE version = -1").run();
  });
  apply.immediate();
}
