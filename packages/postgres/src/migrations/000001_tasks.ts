/**
 * The tasks and their log lines. `{{schema}}` is replaced by the quoted schema name.
 *
 * Times are epoch-ms bigints because the Store contract takes `now` from the caller: runners agree
 * on the clock they are given, not on the database's.
 */
export const migration000001 = `
CREATE TABLE {{schema}}.tasks (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  input text NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'success', 'failed', 'aborted')),
  output text,
  error text,
  attempt integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  priority integer NOT NULL,
  run_at bigint NOT NULL,
  parent_id text,
  idempotency_key text,
  progress double precision,
  status_message text,
  created_at bigint NOT NULL,
  started_at bigint,
  finished_at bigint,
  updated_at bigint NOT NULL,
  lease_owner text,
  lease_expires_at bigint,
  abort_requested_at bigint
);

-- Matches the claim order exactly, and holds only pending tasks, so a claim reads the first rows of
-- a small index however many finished tasks are kept.
CREATE INDEX tasks_claim_idx ON {{schema}}.tasks (priority DESC, run_at, id) WHERE status = 'pending';
CREATE UNIQUE INDEX tasks_idempotency_idx ON {{schema}}.tasks (name, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX tasks_lease_idx ON {{schema}}.tasks (lease_expires_at) WHERE status = 'running';
CREATE INDEX tasks_parent_idx ON {{schema}}.tasks (parent_id, id) WHERE parent_id IS NOT NULL;
CREATE INDEX tasks_finished_idx ON {{schema}}.tasks (finished_at, id)
  WHERE status IN ('success', 'failed', 'aborted');

-- The claim, as a function so its plan can be pinned. Right after a bulk insert the statistics still
-- say the table is empty; the planner then picks a bitmap scan of every pending task and a full sort
-- (LockRows sits between LIMIT and the sort, so it cannot be a top-N sort): 127 ms for 24 tasks out
-- of 50,000, against 0.5 ms when walking the claim index in order and stopping after the limit.
-- SKIP LOCKED lets concurrent claimers pass over each other's rows; NO KEY UPDATE is enough, as a
-- claim never changes the id, and lets log lines (whose foreign key takes KEY SHARE) be written.
CREATE FUNCTION {{schema}}.claim_tasks(
  claim_now bigint, claim_limit integer, worker_id text, lease_ms bigint, task_names text[]
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
  SET status = 'running', attempt = t.attempt + 1, lease_owner = worker_id,
    lease_expires_at = claim_now + lease_ms, started_at = claim_now, updated_at = claim_now
  FROM picked WHERE t.id = picked.id
  RETURNING t.*
$$;

CREATE TABLE {{schema}}.task_logs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES {{schema}}.tasks (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  at bigint NOT NULL,
  level text NOT NULL,
  message text NOT NULL,
  data text
);
CREATE INDEX task_logs_task_idx ON {{schema}}.task_logs (task_id, seq);
`;
