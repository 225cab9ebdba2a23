import { TaskError, TaskErrorCode } from "@errand/core";
import type pg from "pg";
import { DEFAULT_VACUUM_POLICY, type VacuumPolicy } from "./vacuum.js";

/** Where the store writes its own warnings (a lost LISTEN connection, an idle client error). pino fits. */
export interface StoreLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface RetentionOptions {
  /** Finished tasks (success, failed, aborted) older than this, by `finishedAt`, are deleted. */
  maxAgeMs?: number;
  /** At most this many finished tasks are kept; the ones finished longest ago go first. */
  maxCount?: number;
  /** How often the cleanup runs. Default 60,000 ms. */
  intervalMs?: number;
}

interface CommonOptions {
  /** The Postgres schema errand owns. Default "errand". Letters, digits and `_`, at most 50. */
  schema?: string;
  /** Deletes finished tasks on a timer started by `init()`; see `RetentionOptions`. */
  retention?: RetentionOptions;
  /**
   * Runners vacuum the tasks table when their claims have left many dead entries in the claim
   * index (about one vacuum per 100,000 tasks on a table of 1M; see `VacuumPolicy`). Default on;
   * `false` leaves it to autovacuum, which looks once a minute; an object changes the thresholds.
   */
  vacuum?: boolean | Partial<VacuumPolicy>;
  logger?: StoreLogger;
}

export type PostgresStoreOptions =
  | (CommonOptions & {
      connectionString: string;
      pool?: never;
      /** Shown in `pg_stat_activity.application_name`. Default "errand". */
      applicationName?: string;
      /** Size of the pool the store opens. Default 10. */
      maxConnections?: number;
    })
  | (CommonOptions & {
      /** The app's pool: the store never ends it. One of its connections is held for LISTEN. */
      pool: pg.Pool;
      connectionString?: never;
    });

export interface ResolvedOptions {
  schema: string;
  retention: Required<Pick<RetentionOptions, "intervalMs">> & Omit<RetentionOptions, "intervalMs">;
  hasRetention: boolean;
  /** null: the store never vacuums. */
  vacuum: VacuumPolicy | null;
  logger: StoreLogger;
}

const SCHEMA_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,49}$/;

const stderrLogger: StoreLogger = {
  warn: (fields, message) => console.warn(message, fields),
  error: (fields, message) => console.error(message, fields),
};

export function resolveOptions(options: PostgresStoreOptions): ResolvedOptions {
  const invalid = (message: string) => new TaskError(TaskErrorCode.VALIDATION, `postgresStore: ${message}`);
  if (typeof options !== "object" || options === null) throw invalid("pass { connectionString } or { pool }");
  const hasPool = options.pool !== undefined;
  if (hasPool === (typeof options.connectionString === "string")) {
    throw invalid("pass exactly one of `connectionString` and `pool`");
  }
  const schema = options.schema ?? "errand";
  if (!SCHEMA_PATTERN.test(schema)) {
    throw invalid(
      `schema ${JSON.stringify(schema)} must be letters, digits and _, not starting with a digit`,
    );
  }
  const retention = options.retention ?? {};
  for (const key of ["maxAgeMs", "maxCount", "intervalMs"] as const) {
    const value = retention[key];
    if (value !== undefined && (!Number.isInteger(value) || value < (key === "maxCount" ? 0 : 1))) {
      throw invalid(`retention.${key} must be a whole number${key === "maxCount" ? "" : " above 0"}`);
    }
  }
  const vacuum = resolveVacuum(options.vacuum, invalid);
  const prefetch = (options as { prefetch?: unknown }).prefetch;
  if (prefetch !== undefined && prefetch !== 0) {
    // Removed, not ignored: an app tuned with it should learn that the defaults now do its job.
    throw invalid(
      "the `prefetch` option was removed: runners now claim ahead of their free slots by themselves while tasks are short, and ran faster than `prefetch: 500` did (docs/postgres.md). Remove the option.",
    );
  }
  return {
    schema,
    retention: { ...retention, intervalMs: retention.intervalMs ?? 60_000 },
    hasRetention: retention.maxAgeMs !== undefined || retention.maxCount !== undefined,
    vacuum,
    logger: options.logger ?? stderrLogger,
  };
}

function resolveVacuum(
  vacuum: PostgresStoreOptions["vacuum"],
  invalid: (message: string) => TaskError,
): VacuumPolicy | null {
  if (vacuum === false) return null;
  if (vacuum === undefined || vacuum === true) return DEFAULT_VACUUM_POLICY;
  if (typeof vacuum !== "object" || vacuum === null) {
    throw invalid(
      `vacuum must be true, false or { checkEvery, minDead, liveFraction, minGapMs }, got ${JSON.stringify(vacuum)}`,
    );
  }
  const known = Object.keys(DEFAULT_VACUUM_POLICY);
  const unknown = Object.keys(vacuum).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw invalid(`vacuum.${unknown} is not a setting; the settings are ${known.join(", ")}`);
  }
  const policy = { ...DEFAULT_VACUUM_POLICY, ...vacuum };
  for (const key of known as (keyof VacuumPolicy)[]) {
    const value = policy[key];
    const whole = key !== "liveFraction";
    if (
      typeof value !== "number" ||
      !Number.isFinite(value) ||
      value < (key === "checkEvery" ? 1 : 0) ||
      (whole && !Number.isInteger(value))
    ) {
      throw invalid(
        `vacuum.${key} must be ${whole ? "a whole number" : "a number"} ${key === "checkEvery" ? "above 0" : "of 0 or more"}, got ${JSON.stringify(value)}`,
      );
    }
  }
  return policy;
}
