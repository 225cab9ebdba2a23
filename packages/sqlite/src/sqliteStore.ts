import type { Store } from "@errand/core/store";
import type { Database } from "better-sqlite3";
import { ChangeWatcher } from "./changeWatcher.js";
import { type ConnectionOptions, explainOpenError, openDatabase, retryWhileBusy } from "./connection.js";
import { FileIdentity } from "./fileIdentity.js";
import { migrate } from "./migrations/migrate.js";
import { claimRows } from "./operations/claim.js";
import type { SqliteContext } from "./operations/context.js";
import { insertRows } from "./operations/insert.js";
import { heartbeatRows, releaseExpiredRows, setStatusRow, settleRows } from "./operations/leases.js";
import { deleteRow, requestAbortRow, retryRow, updatePendingRow } from "./operations/manage.js";
import { pausedNames, pauseName, resumeName } from "./operations/pause.js";
import { appendLogRows, attemptRows, getRow, listRows, logRows, statsRows } from "./operations/read.js";
import { recordScheduleTickRow, scheduleTickRows } from "./operations/schedules.js";
import { settleAndClaimRows } from "./operations/settleAndClaim.js";
import { type RetentionOptions, type RetentionResult, runRetention } from "./retention.js";
import { prepareStatements } from "./statements.js";

/** Where the store writes its own warnings (e.g. its file was deleted). pino fits. */
export interface StoreLogger {
  warn(fields: object, message: string): void;
}

export interface SqliteStoreOptions extends ConnectionOptions {
  /** Default: one line on stderr. */
  logger?: StoreLogger;
  /** Deletes finished tasks on a timer started by `init()`; see `RetentionOptions`. */
  retention?: RetentionOptions;
}

const stderrLogger: StoreLogger = { warn: (fields, message) => console.warn(message, fields) };

export interface SqliteStore extends Store {
  /** The open better-sqlite3 connection (after `init`), for inspection and tests. */
  readonly database: Database | undefined;
  /** Runs the retention cleanup now (it also runs on a timer after `init()` when `retention` is set). */
  runRetention(now?: number): Promise<RetentionResult>;
}

/**
 * errand's embedded default store: one SQLite file (WAL), safe to share between processes on one
 * machine. better-sqlite3 is synchronous, so every call finishes in one turn; the methods are
 * async only to fit the Store contract.
 *
 * @example
 * const store = sqliteStore({ path: ".errand/errand.db" });
 */
export function sqliteStore(options: SqliteStoreOptions): SqliteStore {
  if (typeof options?.path !== "string" || options.path.length === 0) {
    throw new TypeError(
      'sqliteStore: `path` must be a file path, e.g. sqliteStore({ path: ".errand/errand.db" })',
    );
  }
  const logger = options.logger ?? stderrLogger;
  const retention = resolveRetention(options.retention);
  let retentionTimer: NodeJS.Timeout | undefined;
  const file = options.path === ":memory:" ? undefined : new FileIdentity(options.path);
  let ctx: SqliteContext | undefined;
  const open = (): SqliteContext => {
    if (ctx) {
      const changed = file?.changed();
      if (!changed) return ctx;
      logger.warn(
        { path: options.path },
        `errand: the SQLite file ${options.path} was ${changed} while open; reopening the path (tasks held in the old file are gone with it)`,
      );
      ctx.db.close();
      ctx = undefined;
    }
    let db: Database;
    try {
      db = openDatabase(options);
    } catch (error) {
      throw explainOpenError(options.path, error);
    }
    try {
      retryWhileBusy(options.busyTimeoutMs ?? 5_000, () => migrate(db));
    } catch (error) {
      db.close();
      throw explainOpenError(options.path, error);
    }
    file?.remember();
    ctx = { db, st: prepareStatements(db), writes: new Map() };
    return ctx;
  };
  // Each method opens on first use, so a store works even if `init` was never awaited.
  const use = <T>(operation: (context: SqliteContext) => T): Promise<T> => {
    try {
      return Promise.resolve(operation(open()));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const changes = new ChangeWatcher(options.path, () => {
    try {
      return open().db;
    } catch {
      return undefined;
    }
  });
  return {
    get database() {
      return ctx?.db;
    },
    init: () =>
      use(() => {
        if (retention.enabled && !retentionTimer) {
          retentionTimer = setInterval(() => {
            use((c) => runRetention(c.db, retention, Date.now(), true)).catch((error) =>
              logger.warn({ err: error }, "errand: retention cleanup failed; will retry"),
            );
          }, retention.intervalMs);
          retentionTimer.unref();
        }
      }),
    runRetention: (now = Date.now()) => use((c) => runRetention(c.db, retention, now)),
    async close() {
      clearInterval(retentionTimer);
      retentionTimer = undefined;
      changes.stop();
      ctx?.db.close();
      ctx = undefined;
    },
    insert: (rows) => use((c) => insertRows(c, rows)),
    get: (id) => use((c) => getRow(c, id)),
    attempts: (taskId) => use((c) => attemptRows(c, taskId)),
    list: (query) => use((c) => listRows(c, query)),
    stats: () => use(statsRows),
    updatePending: (id, patch, now) => use((c) => updatePendingRow(c, id, patch, now)),
    delete: (id) => use((c) => deleteRow(c, id)),
    requestAbort: (id, error, now) => use((c) => requestAbortRow(c, id, error, now)),
    retry: (id, now) => use((c) => retryRow(c, id, now)),
    claim: (request) => use((c) => claimRows(c, request)),
    pause: (name, now) => use((c) => pauseName(c, name, now)),
    resume: (name) => use((c) => resumeName(c, name)),
    pausedNames: () => use(pausedNames),
    heartbeat: (request) => use((c) => heartbeatRows(c, request)),
    settle: (settlements, now, abortedError) => use((c) => settleRows(c, settlements, now, abortedError)),
    settleAndClaim: (settlements, now, abortedError, claim) =>
      use((c) => settleAndClaimRows(c, settlements, now, abortedError, claim)),
    setStatus: (write) => use((c) => setStatusRow(c, write)),
    releaseExpired: (request) => use((c) => releaseExpiredRows(c, request)),
    scheduleTicks: () => use(scheduleTickRows),
    recordScheduleTick: (tick, now) => use((c) => recordScheduleTickRow(c, tick, now)),
    appendLogs: (entries) => use((c) => appendLogRows(c, entries)),
    logs: (taskId, logOptions = {}) => use((c) => logRows(c, taskId, logOptions.limit)),
    // An in-memory database has no other process to hear from: no watcher needed.
    watchChanges: (listener) => (options.path === ":memory:" ? () => {} : changes.subscribe(listener)),
  };
}

function resolveRetention(retention: RetentionOptions = {}) {
  for (const key of ["maxAgeMs", "maxCount", "intervalMs"] as const) {
    const value = retention[key];
    if (value !== undefined && (!Number.isInteger(value) || value < (key === "maxCount" ? 0 : 1))) {
      throw new TypeError(
        `sqliteStore: retention.${key} must be a whole number${key === "maxCount" ? "" : " above 0"}, got ${value}`,
      );
    }
  }
  return {
    ...retention,
    intervalMs: retention.intervalMs ?? 60_000,
    enabled: retention.maxAgeMs !== undefined || retention.maxCount !== undefined,
  };
}
