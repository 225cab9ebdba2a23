/**
 * The plain claim as PL/pgSQL: the same statement as migration 4's (core's claimedRow, paused
 * names left out; plan pins and SKIP LOCKED as in migration 1), in a language that keeps its plan.
 * Postgres 15 plans a SQL function's body again on every call that it cannot inline, and a
 * function with SET clauses is never inlined: that planning was 0.3 ms of the 1.2 ms a claim of
 * one task took on an idle server, and the same again on every combined settle-and-claim. A
 * PL/pgSQL function prepares the statement once per connection. As a volatile function it still
 * takes a new snapshot for the statement, so it sees the settlements of the statement calling it.
 */
export const migration000007 = `
CREATE OR REPLACE FUNCTION {{schema}}.claim_tasks(
  claim_now bigint, claim_limit integer, runner_id text, lease_ms bigint, task_names text[],
  claim_started boolean
) RETURNS SETOF {{schema}}.tasks
LANGUAGE plpgsql
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off SET jit = off
AS $$
BEGIN
  RETURN QUERY
  WITH picked AS (
    SELECT id FROM {{schema}}.tasks t
    WHERE status = 'pending' AND run_at <= claim_now AND (task_names IS NULL OR name = ANY(task_names))
      AND NOT EXISTS (SELECT 1 FROM {{schema}}.paused p WHERE p.name = t.name)
    ORDER BY priority DESC, run_at, id
    LIMIT claim_limit
    FOR NO KEY UPDATE SKIP LOCKED
  )
  UPDATE {{schema}}.tasks t
  SET status = 'running', attempt = t.attempt + 1, lease_number = t.lease_number + 1,
    lease_owner = runner_id, lease_expires_at = claim_now + lease_ms,
    started_at = CASE WHEN claim_started THEN claim_now END, updated_at = claim_now
  FROM picked WHERE t.id = picked.id
  RETURNING t.*;
END
$$;
`;
