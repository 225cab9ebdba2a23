import type { PgContext } from "./context.js";
import type { StoreLogger } from "./options.js";

/**
 * When the store vacuums its tasks table itself. A claimed task's entry stays in the claim index,
 * dead, until a vacuum removes it, and every claim starts at the oldest entries and steps over
 * the dead ones: draining 1M tasks, the claim read ten times the index blocks by the end and each
 * turn took a fifth longer. Autovacuum looks at a database once a minute (`autovacuum_naptime`),
 * far too seldom for a queue that drains tens of thousands of tasks a second; the runners see the
 * claims happen, so they ask for the vacuum.
 */
export interface VacuumPolicy {
  /** Tasks this store claims between two looks at the table's statistics. */
  checkEvery: number;
  /** A vacuum is due at `minDead + liveFraction x live` dead row versions (autovacuum's rule). */
  minDead: number;
  /**
   * Why a fraction of the live rows: a vacuum reads every index of the table in full, so on a
   * table keeping millions of finished tasks it costs seconds; this keeps that cost per claimed
   * task bounded whatever the table holds.
   */
  liveFraction: number;
  /**
   * No vacuum within this long after the table's last one (any process's, or autovacuum's). It
   * bounds the work when vacuums remove nothing (an old open transaction holds the dead rows).
   */
  minGapMs: number;
}

/** About 100k claimed tasks between vacuums on a table of 1M (each task leaves two dead versions). */
export const DEFAULT_VACUUM_POLICY: VacuumPolicy = {
  checkEvery: 20_000,
  minDead: 100_000,
  liveFraction: 0.1,
  minGapMs: 5_000,
};

export type VacuumCheck =
  | { result: "not-due" }
  | { result: "vacuumed" }
  /** `close` cancelled the vacuum. */
  | { result: "cancelled" };

/** Postgres's SQLSTATE for a statement cancelled by pg_cancel_backend. */
const QUERY_CANCELED = "57014";

export class ClaimVacuum {
  private claimedSinceCheck = 0;
  private inFlight: Promise<VacuumCheck | undefined> | undefined;
  private closed = false;
  /** The backend running this store's VACUUM, while one runs. */
  private vacuumingPid: number | undefined;

  constructor(
    private readonly ctx: PgContext,
    private readonly policy: VacuumPolicy | null,
    private readonly logger: StoreLogger,
  ) {}

  /** Counts tasks just claimed; past `checkEvery`, looks at the table in the background. */
  claimed(count: number): void {
    if (this.policy === null || this.closed) return;
    this.claimedSinceCheck += count;
    // One look at a time: claims go on while it runs, and are counted for the next one.
    if (this.claimedSinceCheck < this.policy.checkEvery || this.inFlight) return;
    this.claimedSinceCheck = 0;
    this.inFlight = this.check(this.policy)
      .catch((error) => {
        this.logger.warn(
          { err: error },
          "errand: vacuuming the tasks table failed; autovacuum will do it later",
        );
        return undefined;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
  }

  /** The look in flight, if any: `close` waits for it before the pool ends. */
  settled(): Promise<VacuumCheck | undefined> {
    return this.inFlight ?? Promise.resolve(undefined);
  }

  /**
   * Stops counting, and cancels a vacuum in flight: on a table of millions of rows it takes
   * seconds, and a stopping runner should not wait for it. Nothing is lost: the next look, any
   * process's, starts it again.
   */
  async close(): Promise<VacuumCheck | undefined> {
    this.closed = true;
    // Taken before the cancel is sent: the look may end while it is on its way, and its `finally`
    // then clears `inFlight`; read after, close() would answer "nothing was in flight".
    const inFlight = this.settled();
    const pid = this.vacuumingPid;
    if (pid !== undefined) {
      await this.ctx.pool
        .query({ text: "SELECT pg_cancel_backend($1)", values: [pid] })
        .catch((error) =>
          this.logger.warn({ err: error }, "errand: could not cancel the vacuum; waiting for it"),
        );
    }
    return inFlight;
  }

  private async check(policy: VacuumPolicy): Promise<VacuumCheck> {
    const { rows } = await this.ctx.pool.query<{ due: boolean }>({
      text: `SELECT n_dead_tup >= $1::float8 + $2::float8 * n_live_tup
          AND coalesce(greatest(last_vacuum, last_autovacuum) < now() - $3 * interval '1 millisecond', true) AS due
        FROM pg_stat_user_tables WHERE relid = $4::regclass`,
      values: [policy.minDead, policy.liveFraction, policy.minGapMs, this.ctx.tasks],
    });
    if (!rows[0]?.due) return { result: "not-due" };
    const client = await this.ctx.pool.connect();
    try {
      const { rows: backend } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      this.vacuumingPid = backend[0]!.pid;
      if (this.closed) return { result: "cancelled" };
      // SKIP_LOCKED: when autovacuum or another process is vacuuming the table, this one skips it
      // instead of queueing behind. A role that does not own the table gets a warning, not an error.
      await client.query(`VACUUM (SKIP_LOCKED) ${this.ctx.tasks}`);
      return { result: "vacuumed" };
    } catch (error) {
      if (this.closed && (error as { code?: string }).code === QUERY_CANCELED) return { result: "cancelled" };
      throw error;
    } finally {
      this.vacuumingPid = undefined;
      // Once closing, the connection is closed rather than returned: a cancel sent just as the
      // vacuum ended must not reach the app's next statement on it.
      client.release(this.closed ? new Error("errand: vacuum connection closed with the store") : undefined);
    }
  }
}
