/**
 * Leases named by number, every attempt kept, and a claim that can take tasks ahead of starting them.
 * `{{schema}}` is replaced by the quoted schema name.
 */
export const migration000002 = `
-- Counts claims: (id, lease_number) names one lease, even after continue reset the attempt, so a
-- heartbeat or settlement about an earlier claim never touches a later one.
ALTER TABLE {{schema}}.tasks ADD COLUMN lease_number integer NOT NULL DEFAULT 0;

-- Every ended attempt (core's endedAttempt), written in the statement that ended it.
CREATE TABLE {{schema}}.task_attempts (
  task_id uuid NOT NULL REFERENCES {{schema}}.tasks (id) ON DELETE CASCADE,
  lease_number integer NOT NULL,
  attempt integer NOT NULL,
  started_at bigint NOT NULL,
  finished_at bigint NOT NULL,
  ended_as text NOT NULL,
  error text,
  PRIMARY KEY (task_id, lease_number)
);

-- core's claimedRow. claim_started false is prefetch: started_at stays NULL until the runner takes
-- the task, and an expiry before that does not count the attempt. (Plan pins: see migration 1.)
DROP FUNCTION {{schema}}.claim_tasks(bigint, integer, text, bigint, text[]);
CREATE FUNCTION {{schema}}.claim_tasks(
  claim_now bigint, claim_limit integer, runner_id text, lease_ms bigint, task_names text[],
  claim_started boolean
) RETURNS SETOF {{schema}}.tasks
LANGUAGE sql
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
AS $$
  WITH picked AS (
    SELECT id FROM {{schema}}.tasks
    WHERE status = 'pending' AND run_at <= claim_now AND (task_names IS NULL OR name = ANY(task_names))
    ORDER BY priority DESC, run_at, id
    LIMIT claim_limit
    FOR NO KEY UPDATE SKIP LOCKED
  )
  UPDATE {{schema}}.tasks t
  SET status = 'running', attempt = t.attempt + 1, lease_number = t.lease_number + 1,
    lease_owner = runner_id, lease_expires_at = claim_now + lease_ms,
    started_at = CASE WHEN claim_started THEN claim_now END, updated_at = claim_now
  FROM picked WHERE t.id = picked.id
  RETURNING t.*
$$;
`;
