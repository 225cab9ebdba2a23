import { type FSWatcher, watch } from "node:fs";
import type { TaskChange } from "@errand/core";
import type { Database } from "better-sqlite3";
import { RecentChanges } from "./recentChanges.js";

/** Without a file watcher (or as a safety net beside it), data_version is read this often. */
const FALLBACK_MS = 1_000;
/** Checks triggered by the file watcher are at least this far apart: a busy writer makes many. */
const MIN_GAP_MS = 20;
/** Deletions leave no row to find: after another process wrote, everything is re-read this often. */
const DELETIONS_MS = 10_000;

/**
 * Other processes' writes to the SQLite file, for `Store.watchChanges`. `PRAGMA data_version` on
 * this store's connection changes only when another connection commits, so this process's own
 * writes (reported by core already) never count. It is read when the WAL file is modified (a file
 * watch: no polling while nothing happens) and every second as a fallback, at most once per
 * MIN_GAP_MS however busy the other process is. When it moved, RecentChanges finds which tasks.
 */
export class ChangeWatcher {
  private readonly listeners = new Set<(change: TaskChange) => void>();
  private version: number | undefined;
  private fileWatcher: FSWatcher | undefined;
  private fallback: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private lastCheck = 0;
  private readonly recent = new RecentChanges();
  /** When "anything may have changed" was last reported, and whether another process wrote since. */
  private lastUnknown = 0;
  private wroteSinceUnknown = false;

  constructor(
    private readonly path: string,
    private readonly database: () => Database | undefined,
  ) {}

  subscribe(listener: (change: TaskChange) => void): () => void {
    const own = (change: TaskChange) => listener(change);
    this.listeners.add(own);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (this.listeners.delete(own) && this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    this.fileWatcher?.close();
    this.fileWatcher = undefined;
    clearInterval(this.fallback);
    clearTimeout(this.pending);
    this.fallback = this.pending = undefined;
    this.version = undefined;
  }

  private start(): void {
    this.version = this.readVersion();
    const db = this.database();
    if (db?.open) this.recent.reset(db);
    this.lastUnknown = Date.now();
    this.watchFile();
    this.fallback = setInterval(() => {
      if (!this.fileWatcher) this.watchFile();
      this.check();
    }, FALLBACK_MS);
    this.fallback.unref();
  }

  private watchFile(): void {
    try {
      // The WAL file exists while a connection is open; every commit of any process writes to it.
      this.fileWatcher = watch(`${this.path}-wal`, { persistent: false }, () => this.schedule());
      this.fileWatcher.on("error", () => {
        this.fileWatcher?.close();
        this.fileWatcher = undefined;
      });
    } catch {
      this.fileWatcher = undefined;
    }
  }

  private schedule(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastCheck + MIN_GAP_MS - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.check();
    }, wait);
  }

  private check(): void {
    this.lastCheck = Date.now();
    const version = this.readVersion();
    if (version === undefined) return;
    const changed = this.version !== undefined && version !== this.version;
    this.version = version;
    if (changed) {
      this.wroteSinceUnknown = true;
      const found = this.recent.look(this.database()!);
      if (found) this.emit(found);
    }
    if (this.wroteSinceUnknown && Date.now() - this.lastUnknown >= DELETIONS_MS)
      this.emit({ type: "unknown" });
  }

  private emit(change: TaskChange): void {
    if (change.type === "unknown") {
      this.lastUnknown = Date.now();
      this.wroteSinceUnknown = false;
    }
    for (const listener of this.listeners) listener(change);
  }

  private readVersion(): number | undefined {
    try {
      const db = this.database();
      return db?.open ? (db.pragma("data_version", { simple: true }) as number) : undefined;
    } catch {
      return undefined;
    }
  }
}
