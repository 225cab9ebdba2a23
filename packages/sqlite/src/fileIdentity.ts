import { statSync } from "node:fs";

/**
 * Tells whether the path still names the file this store has open. A database file deleted (or
 * replaced) under a running process stays open, unlinked: the process would keep claiming from a
 * file nobody else can see while tasks triggered at the path are never run.
 */
export class FileIdentity {
  private identity: { dev: number; ino: number } | null = null;
  private checkedAt = 0;

  constructor(
    private readonly path: string,
    /** A stat per store call would be measurable in a bulk trigger; once a second is soon enough. */
    private readonly intervalMs = 1_000,
  ) {}

  /** Call right after opening. */
  remember(): void {
    const stat = statSync(this.path, { throwIfNoEntry: false });
    this.identity = stat ? { dev: stat.dev, ino: stat.ino } : null;
    this.checkedAt = Date.now();
  }

  /** "deleted" or "replaced" when the path no longer names the open file (checked at most once per interval). */
  changed(): "deleted" | "replaced" | null {
    if (this.identity === null) return null;
    const now = Date.now();
    if (now - this.checkedAt < this.intervalMs) return null;
    this.checkedAt = now;
    const stat = statSync(this.path, { throwIfNoEntry: false });
    if (!stat) return "deleted";
    return stat.dev === this.identity.dev && stat.ino === this.identity.ino ? null : "replaced";
  }
}
