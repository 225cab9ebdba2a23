import type { Store } from "@errand/core/store";
import pg from "pg";
import { watchChanges } from "./changes.js";
import { claimTasks } from "./claim.js";
import { createContext, type PgContext } from "./context.js";
import { insertTasks } from "./insert.js";
import { insertTaskStream } from "./insertStream.js";
import { heartbeat, releaseExpired, setStatus } from "./leases.js";
import { TaskListener } from "./listen.js";
import { appendLogs, readLogs } from "./logs.js";
import { deleteTask, requestAbort, retryTask, updatePending } from "./manage.js";
import { migrate } from "./migrations/migrate.js";
import { type PostgresStoreOptions, resolveOptions } from "./options.js";
import { pausedNames, pauseName, resumeName } from "./pause.js";
import { getTask, listTasks, taskAttempts, taskStats } from "./read.js";
import { type RetentionResult, runRetention, startRetentionTimer } from "./retention.js";
import { recordScheduleTick, scheduleTicks } from "./schedules.js";
import { settleAndClaimTasks, settleTasks } from "./settle.js";
import { ClaimVacuum } from "./vacuum.js";

export interface PostgresStore extends Store {
  /** The pool statements go through: the app's, or the one this store opened. */
  readonly pool: pg.Pool;
  readonly schema: string;
  /** Runs the retention cleanup now (it also runs on a timer after `init()` when `retention` is set). */
  runRetention(now?: number): Promise<RetentionResult>;
}

/**
 * errand's store on PostgreSQL, for runners on many machines sharing one queue.
 * @example
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL! });
 * const errand = createErrand({ tasks, store });
 * // In the app's own transaction: the task exists only if the transaction commits.
 * await client.query("BEGIN");
 * await client.query("INSERT INTO orders ...");
 * await errand.tasks.trigger({ name: "sendReceipt", input }, { transaction: client });
 * await client.query("COMMIT");
 */
export function postgresStore(options: PostgresStoreOptions): PostgresStore {
  const resolved = resolveOptions(options);
  const owned = options.pool === undefined;
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? "errand",
      max: options.maxConnections ?? 10,
    });
  if (owned) {
    // An idle connection that drops (server restart, terminated backend) is emitted here; without a
    // listener Node would crash the process. The pool discards that client and opens a new one.
    pool.on("error", (error) =>
      resolved.logger.warn({ err: error }, "errand: an idle Postgres connection was lost"),
    );
  }
  const ctx: PgContext = createContext(pool, resolved.schema);
  const listener = new TaskListener(ctx, resolved.logger);
  const vacuum = new ClaimVacuum(ctx, resolved.vacuum, resolved.logger);
  let stopRetention: (() => void) | undefined;
  let closed: Promise<void> | undefined;

  return {
    pool,
    schema: resolved.schema,

    async init() {
      await migrate(ctx);
      if (resolved.hasRetention && !stopRetention && !closed) {
        stopRetention = startRetentionTimer(ctx, resolved.retention, resolved.logger);
      }
    },

    close() {
      closed ??= (async () => {
        stopRetention?.();
        listener.close();
        await vacuum.close();
        if (owned) await pool.end();
      })();
      return closed;
    },

    insert: (rows, scope) => insertTasks(ctx, rows, scope),
    insertStream: (chunks, scope) => insertTaskStream(ctx, chunks, scope),
    get: (id) => getTask(ctx, pool, id),
    attempts: (taskId) => taskAttempts(ctx, pool, taskId),
    list: (query) => listTasks(ctx, pool, query),
    stats: () => taskStats(ctx, pool),

    updatePending: (id, patch, now) => updatePending(ctx, pool, id, patch, now),
    delete: (id) => deleteTask(ctx, pool, id),
    requestAbort: (id, error, now) => requestAbort(ctx, pool, id, error, now),
    retry: (id, now) => retryTask(ctx, pool, id, now),

    async claim(request) {
      const claimed = await claimTasks(ctx, pool, request);
      vacuum.claimed(claimed.length);
      return claimed;
    },
    pause: (name, now) => pauseName(ctx, name, now),
    resume: (name) => resumeName(ctx, name),
    pausedNames: () => pausedNames(ctx),
    heartbeat: (request) => heartbeat(ctx, pool, request),
    settle: (settlements, now, abortedError) => settleTasks(ctx, pool, settlements, now, abortedError),
    async settleAndClaim(settlements, now, abortedError, claim) {
      const result = await settleAndClaimTasks(ctx, pool, settlements, now, abortedError, claim);
      vacuum.claimed(result.claimed.length);
      return result;
    },
    setStatus: (write) => setStatus(ctx, pool, write),
    releaseExpired: (request) => releaseExpired(ctx, pool, request),

    scheduleTicks: () => scheduleTicks(ctx, pool),
    recordScheduleTick: (tick, now) => recordScheduleTick(ctx, pool, tick, now),

    appendLogs: (entries) => appendLogs(ctx, pool, entries),
    logs: (taskId, options) => readLogs(ctx, pool, taskId, options),

    subscribe: (onTasksAvailable) => listener.subscribe(onTasksAvailable),
    watchChanges: (onChange) => watchChanges(ctx, listener, onChange),
    runRetention: (now = Date.now()) => runRetention(ctx, resolved.retention, now),
  };
}
