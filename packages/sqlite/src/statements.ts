import type { Database, Statement } from "better-sqlite3";
import { ATTEMPT_COLUMNS, CLAIMED_COLUMNS, TASK_COLUMNS } from "./rowMapping.js";

/** Rows per multi-row INSERT in a bulk trigger (13 parameters each, far below SQLite's limit). */
export const INSERT_CHUNK = 64;
const ROW_VALUES =
  "(?, ?, ?, 'pending', NULL, NULL, 0, ?, ?, ?, ?, ?, NULL, NULL, ?, NULL, NULL, ?, NULL, NULL, NULL, 0, ?, ?, ?)";

const COLUMNS = TASK_COLUMNS;
/** Statements that return whole task rows, read in raw mode (see DbTaskRow). */
const ROW_STATEMENTS = new Set([
  "byIdempotencyKey",
  "claimDue",
  "debounceTarget",
  "get",
  "dueLimited",
  "expired",
  "attempts",
]);
const NOT_PAUSED = "name NOT IN (SELECT name FROM errand_paused)";
/** claimRules.ts's limitGroup, in SQL: a task name holds no space, so the group is unambiguous. */
const group = (key: string) => `CASE WHEN ${key} IS NULL THEN name ELSE name || ' ' || ${key} END`;

const SQL = {
  // Positional parameters: better-sqlite3 binds them several times faster than named ones.
  insert: `INSERT INTO errand_tasks (${COLUMNS}) VALUES ${ROW_VALUES}`,
  insertChunk: `INSERT INTO errand_tasks (${COLUMNS}) VALUES ${Array(INSERT_CHUNK).fill(ROW_VALUES).join(", ")}`,
  byIdempotencyKey: `SELECT ${TASK_COLUMNS} FROM errand_tasks WHERE name = ? AND idempotency_key = ?`,
  get: `SELECT ${TASK_COLUMNS} FROM errand_tasks WHERE id = ?`,
  debounceTarget: `SELECT ${TASK_COLUMNS} FROM errand_tasks INDEXED BY errand_tasks_debounce
         WHERE name = ? AND debounce_key = ? AND status = 'pending' AND debounce_key IS NOT NULL LIMIT 1`,
  /**
   * core's claimedRow as SQL, applied to the due tasks in one statement (the transition
   * conformance holds it to claimedRow). RETURNING gives no order: the caller sorts the rows.
   * It returns CLAIMED_COLUMNS, read by claimedFromDb.
   * Parameters: runnerId, leaseExpiresAt, now, now, now, names, names, limit.
   */
  claimDue: `UPDATE errand_tasks SET status = 'running', attempt = attempt + 1, lease_number = lease_number + 1,
           lease_owner = ?, lease_expires_at = ?, started_at = ?, updated_at = ?
         WHERE id IN (SELECT id FROM errand_tasks INDEXED BY errand_tasks_claim
           WHERE status = 'pending' AND run_at <= ? AND (? IS NULL OR name IN (SELECT value FROM json_each(?)))
             AND ${NOT_PAUSED}
           ORDER BY priority DESC, run_at, id LIMIT ?)
         RETURNING ${CLAIMED_COLUMNS}`,
  /**
   * core's settledRow for a success, as SQL, when the lease is held: the common settlement, written
   * without reading the row first (nothing else changed: no row, general path). No RETURNING: on a
   * one-row UPDATE it costs more than the UPDATE itself. Parameters: output, now, now, id,
   * runnerId, leaseNumber. Its attempt is not written to errand_task_attempts: see `attempts`.
   */
  settleSuccess: `UPDATE errand_tasks SET status = 'success', output = ?, error = NULL, finished_at = ?,
           lease_owner = NULL, lease_expires_at = NULL, abort_requested_at = NULL, updated_at = ?
         WHERE id = ? AND status = 'running' AND lease_owner = ? AND lease_number = ?`,
  /**
   * A limited claim's candidates, in claim order, leaving out the groups with no room left
   * (claimRules.ts's fullGroups); the claim then applies core's claimedRow to each it takes.
   */
  dueLimited: `SELECT ${TASK_COLUMNS} FROM errand_tasks INDEXED BY errand_tasks_claim
         WHERE status = 'pending' AND run_at <= @now AND (@names IS NULL OR name IN (SELECT value FROM json_each(@names)))
           AND ${NOT_PAUSED}
           AND ${group("concurrency_key")} NOT IN (SELECT value FROM json_each(@fullConcurrency))
           AND ${group("rate_key")} NOT IN (SELECT value FROM json_each(@fullRate))
         ORDER BY priority DESC, run_at, id LIMIT @limit`,
  runningByGroup: `SELECT ${group("concurrency_key")} AS grp, COUNT(*) AS n FROM errand_tasks INDEXED BY errand_tasks_running
         WHERE status = 'running' AND name IN (SELECT value FROM json_each(?)) GROUP BY name, concurrency_key`,
  pruneRateStarts: "DELETE FROM errand_rate_starts WHERE name = ? AND at <= ?",
  rateStartsByGroup:
    "SELECT grp, COUNT(*) AS n FROM errand_rate_starts WHERE name = ? AND at > ? GROUP BY grp",
  recordRateStart: "INSERT INTO errand_rate_starts (name, grp, at) VALUES (?, ?, ?)",
  pause: "INSERT INTO errand_paused (name, paused_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
  resume: "DELETE FROM errand_paused WHERE name = ?",
  pausedNames: "SELECT name FROM errand_paused ORDER BY name",
  extendLease:
    "UPDATE errand_tasks SET lease_expires_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ? AND lease_number = ? RETURNING abort_requested_at",
  setStatus: `UPDATE errand_tasks SET progress = COALESCE(@progress, progress), status_message = COALESCE(@message, status_message), updated_at = @now
       WHERE id = @id AND status = 'running' AND lease_owner = @runnerId AND lease_number = @leaseNumber`,
  keepAttempt: `INSERT INTO errand_task_attempts (${ATTEMPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  /**
   * The attempt history: the kept attempts, then the one a success ended, read from the task row.
   * A success is final and its row keeps that attempt's lease, number and start, so settleSuccess
   * skips an INSERT per task (a sixth of a no-op task's cost). Rows from before it kept every
   * attempt; NOT EXISTS leaves those out of the second part. Parameters: taskId x3.
   */
  attempts: `SELECT ${ATTEMPT_COLUMNS} FROM errand_task_attempts WHERE task_id = ?
         UNION ALL
         SELECT id, lease_number, attempt, started_at, finished_at, 'success', NULL FROM errand_tasks t
         WHERE id = ? AND status = 'success' AND started_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM errand_task_attempts a WHERE a.task_id = ? AND a.lease_number = t.lease_number)
         ORDER BY lease_number`,
  deleteAttempts: "DELETE FROM errand_task_attempts WHERE task_id = ?",
  expired: `SELECT ${TASK_COLUMNS} FROM errand_tasks INDEXED BY errand_tasks_running WHERE status = 'running' AND lease_expires_at <= ?`,
  delete: "DELETE FROM errand_tasks WHERE id = ?",
  deleteLogs: "DELETE FROM errand_task_logs WHERE task_id = ?",
  stats: "SELECT name, status, COUNT(*) AS count FROM errand_tasks GROUP BY name, status",
  appendLog:
    "INSERT INTO errand_task_logs (task_id, attempt, at, level, message, data) VALUES (@taskId, @attempt, @at, @level, @message, @data)",
  logs: "SELECT task_id AS taskId, attempt, at, level, message, data FROM errand_task_logs WHERE task_id = ? ORDER BY seq LIMIT ?",
} as const;

export type Statements = { readonly [TKey in keyof typeof SQL]: Statement };

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database): Statements {
  return Object.fromEntries(
    Object.entries(SQL).map(([key, sql]) => {
      const statement = db.prepare(sql);
      return [key, ROW_STATEMENTS.has(key) ? statement.raw(true) : statement];
    }),
  ) as unknown as Statements;
}
