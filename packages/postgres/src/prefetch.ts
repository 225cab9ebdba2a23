import {
  type ClaimRequest,
  type HeartbeatRequest,
  type HeartbeatResult,
  leaseOf,
  serialize,
  type TaskRow,
} from "@errand/core/store";
import { claimTasks } from "./claim.js";
import type { PgContext } from "./context.js";
import { heartbeat } from "./leases.js";
import type { StoreLogger } from "./options.js";
import { settleTasks } from "./settle.js";

const SWEEP_MS = 500;
/** An abort asked for while a prefetched task waited: it ends aborted without ever starting. */
const ABORTED_BEFORE_START = serialize({
  name: "TaskError",
  message: "aborted on request before it started",
  code: "ABORTED",
});

/**
 * A per-runner buffer of claimed tasks: a claim that finds the buffer short takes `size` more than
 * asked, and later claims of the same runner (same runner id and names) are served from memory, so
 * most claims cost no round trip. Buffered tasks are leased like any other, so no other runner can
 * take them. Invariants that keep this safe:
 * - a buffered task is handed out only while at least 2/3 of its lease is left, so the runner's own
 *   heartbeat (every leaseMs / 3 by default) extends it long before it runs out;
 * - the runner's heartbeat extends the buffered leases too (same statement), so they stay fresh
 *   while the runner lives; if it stops, a sweep hands them back (`release`, attempt not counted);
 * - buffered tasks are claimed not started (`started_at` NULL): if the process dies, their leases
 *   expire and they go back without an attempt counted. Handing one out records its start, in one
 *   statement per claim that is not awaited, so the claim still costs no round trip;
 * - `close()` hands everything back.
 * - it never holds tasks with a concurrency or rate limit: a claim whose names include one goes
 *   straight to the store (postgresStore.ts). Counting prefetched rows as running would keep the
 *   concurrency limit, but a prefetched task starts later than its claim, so a rate limit counted
 *   at claim time would be wrong about when starts happen, and a busy runner's buffer would sit on
 *   a key's few slots while other runners stand idle. Paused names: the claim leaves them out, but
 *   tasks buffered before the pause may still be handed out for up to a third of their lease.
 */
interface Held {
  leaseMs: number;
  rows: TaskRow[];
}

export class ClaimPrefetch {
  private readonly buffers = new Map<string, Held>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private marking: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: PgContext,
    private readonly size: number,
    private readonly logger: StoreLogger,
  ) {}

  async claim(request: ClaimRequest): Promise<TaskRow[]> {
    const key = `${request.runnerId}\u0000${request.names?.join("\u0000") ?? "*"}`;
    // Taken out while this claim works on it, so the sweep cannot hand the same rows back meanwhile.
    const held = this.buffers.get(key)?.rows ?? [];
    this.buffers.delete(key);
    const stale = held.filter((row) => !isFresh(row, request.now, request.leaseMs));
    const rows = held.filter((row) => isFresh(row, request.now, request.leaseMs));
    await this.giveBack(stale, request.now);
    const out = rows.splice(0, request.limit);
    if (out.length < request.limit) {
      const claimed = await claimTasks(
        this.ctx,
        this.ctx.pool,
        { ...request, limit: request.limit - out.length + this.size },
        false,
      );
      out.push(...claimed.splice(0, request.limit - out.length));
      rows.push(...claimed);
    }
    if (rows.length > 0) this.buffers.set(key, { leaseMs: request.leaseMs, rows });
    this.scheduleSweep();
    this.markStarted(out, request.runnerId, request.now);
    return out;
  }

  /**
   * The attempts handed out count from now. Not awaited: a crash before this lands leaves the
   * attempt uncounted, which is the safe side (it runs again, as at-least-once allows).
   */
  private markStarted(rows: TaskRow[], runnerId: string, now: number): void {
    if (rows.length === 0) return;
    for (const row of rows) row.startedAt = now;
    const marked = this.ctx.pool
      .query({
        name: this.ctx.statement("mark_started"),
        text: `UPDATE ${this.ctx.tasks} t SET started_at = $1
          FROM unnest($2::uuid[], $3::int[]) AS l(id, lease_number)
          WHERE t.id = l.id AND t.lease_number = l.lease_number AND t.status = 'running'
            AND t.lease_owner = $4 AND t.started_at IS NULL`,
        values: [now, rows.map((row) => row.id), rows.map((row) => row.leaseNumber), runnerId],
      })
      .then(
        () => undefined,
        (error) => this.logger.warn({ err: error }, "errand: recording prefetched task starts failed"),
      );
    this.marking = Promise.all([this.marking, marked]).then(() => undefined);
  }

  /** Resolves once the starts recorded so far are written: a settlement must not overtake them. */
  startsRecorded(): Promise<void> {
    return this.marking;
  }

  async heartbeat(request: HeartbeatRequest): Promise<HeartbeatResult> {
    const buffered = [...this.buffers.values()]
      .flatMap((held) => held.rows)
      .filter((row) => row.leaseOwner === request.runnerId);
    if (buffered.length === 0) return heartbeat(this.ctx, this.ctx.pool, request);
    const keyOf = (lease: { id: string; leaseNumber: number }) => `${lease.id}#${lease.leaseNumber}`;
    const asked = new Set(request.leases.map(keyOf));
    const result = await heartbeat(this.ctx, this.ctx.pool, {
      ...request,
      leases: [...request.leases, ...buffered.map(leaseOf)],
    });
    const lost = new Set(result.lost.map(keyOf));
    for (const row of buffered) if (!lost.has(keyOf(row))) row.leaseExpiresAt = request.now + request.leaseMs;
    if (lost.size > 0) this.take((row) => lost.has(keyOf(row)));
    return {
      lost: result.lost.filter((lease) => asked.has(keyOf(lease))),
      abortRequested: result.abortRequested.filter((lease) => asked.has(keyOf(lease))),
    };
  }

  /** Hands back every buffered task. */
  async close(now = Date.now()): Promise<void> {
    clearTimeout(this.sweepTimer);
    await this.giveBack(
      this.take(() => true),
      now,
    );
  }

  /** Removes and returns the buffered rows that match. */
  private take(matches: (row: TaskRow, leaseMs: number) => boolean): TaskRow[] {
    const taken: TaskRow[] = [];
    for (const [key, held] of this.buffers) {
      const kept: TaskRow[] = [];
      for (const row of held.rows) (matches(row, held.leaseMs) ? taken : kept).push(row);
      if (kept.length > 0) held.rows = kept;
      else this.buffers.delete(key);
    }
    return taken;
  }

  private scheduleSweep(): void {
    if (this.sweepTimer || this.buffers.size === 0) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = undefined;
      const now = Date.now();
      this.giveBack(
        this.take((row, leaseMs) => !isFresh(row, now, leaseMs)),
        now,
      )
        .catch((error) => this.logger.warn({ err: error }, "errand: handing back prefetched tasks failed"))
        .finally(() => this.scheduleSweep());
    }, SWEEP_MS);
    this.sweepTimer.unref();
  }

  private async giveBack(rows: readonly TaskRow[], now: number): Promise<void> {
    if (rows.length === 0) return;
    const release = { type: "release" } as const;
    const settlements = rows.map((row) => ({
      id: row.id,
      runnerId: row.leaseOwner!,
      leaseNumber: row.leaseNumber,
      attempt: row.attempt,
      outcome: release,
    }));
    await settleTasks(this.ctx, this.ctx.pool, settlements, now, ABORTED_BEFORE_START);
  }
}

function isFresh(row: TaskRow, now: number, leaseMs: number): boolean {
  return row.leaseExpiresAt! - now >= (leaseMs * 2) / 3;
}
