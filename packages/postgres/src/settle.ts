import {
  type ClaimRequest,
  compareForClaim,
  copyRow,
  hasLimits,
  type SettledAndClaimed,
  type Settlement,
  type TaskRow,
} from "@errand/core/store";
import { claimTasks } from "./claim.js";
import { isUuid, type PgContext, type Queryable } from "./context.js";
import { rowColumns } from "./rowColumns.js";

const FINAL = `('success', 'failed', 'aborted')`;
/** An abort was asked for while it ran: any outcome but a final one ends it aborted, never another attempt. */
const ABORT_WINS = `(t.abort_requested_at IS NOT NULL AND s.type NOT IN ${FINAL})`;

/**
 * Applies a batch of settlements in one statement per round. `UPDATE ... FROM` updates a row once
 * even when two source rows match it, so repeats of one id go into later rounds: the result is the
 * same as applying the settlements one by one in order.
 */
export async function settleTasks(
  ctx: PgContext,
  db: Queryable,
  settlements: readonly Settlement[],
  now: number,
  abortedError: string,
): Promise<boolean[]> {
  const applied = new Array<boolean>(settlements.length).fill(false);
  for (const round of rounds(settlements)) {
    const { rows } = await db.query<{ applied: number[] }>({
      name: ctx.statement("settle"),
      text: `${SETTLE_SQL(ctx)} ${APPLIED_SQL}`,
      values: settleValues(settlements, round, now, abortedError),
    });
    for (const ord of rows[0]!.applied) applied[ord] = true;
  }
  return applied;
}

/**
 * `settle`, then `claim`, in one statement and one round trip: a runner's turn on Postgres is
 * then one wait for the server, not two. The claim is `claim_tasks` called from the statement
 * after the settled rows were aggregated (its limit depends on them, so the planner cannot call it
 * first); as a volatile function it takes a new snapshot and sees this statement's settlements, so
 * a task handed back is claimable at once, as `settle` then `claim` would leave it. Limited
 * claims (a lock and their own function) and settlements that need several rounds take two
 * statements.
 */
export async function settleAndClaimTasks(
  ctx: PgContext,
  db: Queryable,
  settlements: readonly Settlement[],
  now: number,
  abortedError: string,
  request: ClaimRequest,
): Promise<SettledAndClaimed> {
  const split = rounds(settlements);
  if (split.length > 1 || hasLimits(request.limits, request.names) || request.names?.length === 0) {
    const applied = await settleTasks(ctx, db, settlements, now, abortedError);
    return { applied, claimed: await claimTasks(ctx, db, request) };
  }
  const round = split[0] ?? [];
  const { rows } = await db.query<TaskRow & { applied: number[] }>({
    name: ctx.statement("settle_and_claim"),
    text: `${SETTLE_SQL(ctx)}, settled AS (${APPLIED_SQL})
      SELECT CASE WHEN coalesce(c.ordinality, 1) = 1 THEN settled.applied END AS applied, ${rowColumns("c")}
      FROM settled LEFT JOIN LATERAL ${ctx.schemaQuoted}.claim_tasks(
        $13, CASE WHEN settled.applied IS NULL THEN 0 ELSE $14 END, $15, $16, $17, true) WITH ORDINALITY c ON true`,
    values: [
      ...settleValues(settlements, round, now, abortedError),
      request.now,
      request.limit,
      request.runnerId,
      request.leaseMs,
      request.names ?? null,
    ],
  });
  const applied = new Array<boolean>(settlements.length).fill(false);
  for (const ord of rows.find((row) => row.applied !== null)?.applied ?? []) applied[ord] = true;
  // `applied` comes in the first row only (parsing it once per claimed row cost more than the
  // claim). No task claimed: the one row the join keeps has only `applied`.
  // copyRow, not `{ applied: _, ...row }`: V8 (Node 20) builds an object from rest destructuring
  // of a 26-field row about 20 times slower than from a literal, once per claimed task.
  const claimed: TaskRow[] = [];
  for (const row of rows) if (row.id !== null) claimed.push(copyRow(row));
  // UPDATE ... RETURNING does not keep the order the claim picked in.
  return { applied, claimed: claimed.sort(compareForClaim) };
}

function settleValues(
  settlements: readonly Settlement[],
  round: number[],
  now: number,
  abortedError: string,
) {
  return [
    round.map((i) => settlements[i]!.id),
    round.map((i) => settlements[i]!.runnerId),
    round.map((i) => settlements[i]!.leaseNumber),
    round.map((i) => settlements[i]!.attempt),
    round.map((i) => settlements[i]!.outcome.type),
    round.map((i) => outputOf(settlements[i]!)),
    round.map((i) => errorOf(settlements[i]!)),
    round.map((i) => runAtOf(settlements[i]!)),
    round.map((i) => inputOf(settlements[i]!)),
    round,
    now,
    abortedError,
  ];
}

/** Indexes of the settlements, split so that no round holds one task twice. */
function rounds(settlements: readonly Settlement[]): number[][] {
  const result: number[][] = [];
  const seen = new Map<string, number>();
  for (const [index, settlement] of settlements.entries()) {
    if (!isUuid(settlement.id)) continue;
    const round = seen.get(settlement.id) ?? 0;
    seen.set(settlement.id, round + 1);
    if (round === result.length) result.push([]);
    result[round]!.push(index);
  }
  return result;
}

const outputOf = ({ outcome }: Settlement) => (outcome.type === "success" ? outcome.output : null);
const errorOf = ({ outcome }: Settlement) =>
  outcome.type === "failed" || outcome.type === "aborted" || outcome.type === "retry" ? outcome.error : null;
const runAtOf = ({ outcome }: Settlement) =>
  outcome.type === "retry" || outcome.type === "continue" ? outcome.runAt : null;
const inputOf = ({ outcome }: Settlement) => (outcome.type === "continue" ? outcome.input : null);

/** What SETTLE_SQL applied: one row, the settlements' positions (`ord`) in an array. */
const APPLIED_SQL = "SELECT coalesce(array_agg(ord), '{}') AS applied FROM updated";

function SETTLE_SQL(ctx: PgContext): string {
  // core's settledRow and endedAttempt as SQL, held to them by the conformance suite. The caller
  // ends the WITH: one result row per statement (an array of what applied), not one per task.
  return `WITH updated AS (UPDATE ${ctx.tasks} t SET
    status = CASE WHEN ${ABORT_WINS} THEN 'aborted' WHEN s.type IN ${FINAL} THEN s.type ELSE 'pending' END,
    output = CASE WHEN s.type = 'success' THEN s.output ELSE t.output END,
    error = CASE WHEN ${ABORT_WINS} THEN $12
      WHEN s.type IN ('success', 'continue') THEN NULL
      WHEN s.type = 'release' THEN t.error
      ELSE s.error END,
    input = CASE WHEN s.type = 'continue' AND NOT ${ABORT_WINS} THEN coalesce(s.input, t.input) ELSE t.input END,
    attempt = CASE WHEN ${ABORT_WINS} THEN t.attempt
      WHEN s.type = 'continue' THEN 0
      WHEN s.type = 'release' THEN greatest(0, t.attempt - 1)
      ELSE t.attempt END,
    run_at = CASE WHEN NOT ${ABORT_WINS} AND s.type IN ('retry', 'continue') THEN s.run_at ELSE t.run_at END,
    finished_at = CASE WHEN ${ABORT_WINS} OR s.type IN ${FINAL} THEN $11 ELSE t.finished_at END,
    lease_owner = NULL, lease_expires_at = NULL, abort_requested_at = NULL, updated_at = $11
  FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::bigint[],
    $9::text[], $10::int[]) AS s(id, runner_id, lease_number, attempt, type, output, error, run_at, input, ord)
  WHERE t.id = s.id AND t.status = 'running' AND t.lease_owner = s.runner_id
    AND t.lease_number = s.lease_number
  RETURNING s.ord, t.id, t.lease_number, s.attempt, t.started_at, t.error,
    CASE WHEN t.status = 'aborted' THEN 'aborted' WHEN s.type = 'release' THEN 'released' ELSE s.type END
      AS ended_as),
  kept AS (INSERT INTO ${ctx.schemaQuoted}.task_attempts
      (task_id, lease_number, attempt, started_at, finished_at, ended_as, error)
    SELECT id, lease_number, attempt, started_at, $11, ended_as,
      CASE WHEN ended_as IN ('failed', 'aborted', 'retry') THEN error END
    FROM updated WHERE started_at IS NOT NULL)`;
}
