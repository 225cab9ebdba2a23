/**
 * Flow control (core's claimRules.ts): keys computed at trigger, paused names, rate-limit claim
 * times, the limited claim, and debounce keys. `{{schema}}` is replaced by the quoted schema name.
 */
export const migration000004 = `
ALTER TABLE {{schema}}.tasks ADD COLUMN concurrency_key text, ADD COLUMN rate_key text, ADD COLUMN debounce_key text;
-- A debounced trigger looks for the pending task of its name and key (debounce.ts).
CREATE INDEX tasks_debounce_idx ON {{schema}}.tasks (name, debounce_key)
  WHERE status = 'pending' AND debounce_key IS NOT NULL;
-- A limited claim counts running tasks per group: only running rows, by group.
CREATE INDEX tasks_running_groups_idx ON {{schema}}.tasks (name, concurrency_key) WHERE status = 'running';
CREATE TABLE {{schema}}.paused (name text PRIMARY KEY, paused_at bigint NOT NULL);
-- One row per claim of a rate-limited task, kept while inside its window.
CREATE TABLE {{schema}}.rate_starts (name text NOT NULL, grp text NOT NULL, at bigint NOT NULL);
CREATE INDEX rate_starts_name_idx ON {{schema}}.rate_starts (name, at);

-- The plain claim (migration 2) leaves paused names out.
CREATE OR REPLACE FUNCTION {{schema}}.claim_tasks(
  claim_now bigint, claim_limit integer, runner_id text, lease_ms bigint, task_names text[],
  claim_started boolean
) RETURNS SETOF {{schema}}.tasks
LANGUAGE sql
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
AS $$
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
  RETURNING t.*
$$;

-- core's ClaimBudget, in rounds (see packages/sqlite/src/operations/claim.ts for the same loop):
-- each round reads due tasks in claim order leaving out the groups already full, takes those that
-- fit, and ends early when one is refused (its group filled in this claim). limits is
-- { "<name>": { "c": concurrency, "r": rate limit, "p": periodMs } }. Claims always start the
-- attempt: prefetch never holds limited tasks (see prefetch.ts).
CREATE FUNCTION {{schema}}.claim_tasks_limited(
  claim_now bigint, claim_limit integer, runner_id text, lease_ms bigint, task_names text[],
  limits jsonb, lock_namespace integer, lock_key integer, history_slack_ms bigint
) RETURNS SETOF {{schema}}.tasks
LANGUAGE plpgsql
SET enable_seqscan = off SET enable_bitmapscan = off
AS $$
DECLARE
  running jsonb;
  started jsonb;
  taken uuid[] := '{}';
  full_c text[];
  full_r text[];
  refused boolean;
  r record;
  lim jsonb;
  grp_c text;
  grp_r text;
  used_c integer;
  used_r integer;
BEGIN
  -- Limited claims run one at a time per schema, until commit: two claimers counting at once would
  -- each see the same free slot. Each statement below takes a fresh snapshot (READ COMMITTED), so
  -- it sees every claim committed before this lock was granted.
  PERFORM pg_advisory_xact_lock(lock_namespace, lock_key);
  SELECT coalesce(jsonb_object_agg(g, n), '{}') INTO running FROM (
    SELECT CASE WHEN concurrency_key IS NULL THEN name ELSE name || ' ' || concurrency_key END AS g, count(*) AS n
    FROM {{schema}}.tasks
    WHERE status = 'running' AND name IN (SELECT key FROM jsonb_each(limits) WHERE value ? 'c')
    GROUP BY name, concurrency_key
  ) s;
  DELETE FROM {{schema}}.rate_starts s USING jsonb_each(limits) l
    WHERE l.value ? 'p' AND s.name = l.key AND s.at <= claim_now - (l.value ->> 'p')::bigint - history_slack_ms;
  -- Times after the window count too: see RATE_HISTORY_SLACK_MS in core's claimRules.ts.
  SELECT coalesce(jsonb_object_agg(grp, n), '{}') INTO started FROM (
    SELECT s.grp, count(*) AS n FROM {{schema}}.rate_starts s JOIN jsonb_each(limits) l ON s.name = l.key
    WHERE l.value ? 'p' AND s.at > claim_now - (l.value ->> 'p')::bigint GROUP BY s.grp
  ) s;
  LOOP
    full_c := ARRAY(SELECT key FROM jsonb_each_text(running)
      WHERE value::int >= (limits -> split_part(key, ' ', 1) ->> 'c')::int);
    full_r := ARRAY(SELECT key FROM jsonb_each_text(started)
      WHERE value::int >= (limits -> split_part(key, ' ', 1) ->> 'r')::int);
    refused := false;
    FOR r IN
      SELECT id, name, concurrency_key, rate_key FROM {{schema}}.tasks t
      WHERE status = 'pending' AND run_at <= claim_now AND (task_names IS NULL OR name = ANY(task_names))
        AND NOT EXISTS (SELECT 1 FROM {{schema}}.paused p WHERE p.name = t.name)
        AND NOT (CASE WHEN concurrency_key IS NULL THEN name ELSE name || ' ' || concurrency_key END = ANY(full_c))
        AND NOT (CASE WHEN rate_key IS NULL THEN name ELSE name || ' ' || rate_key END = ANY(full_r))
        AND NOT (id = ANY(taken))
      ORDER BY priority DESC, run_at, id
      LIMIT claim_limit - cardinality(taken)
      FOR NO KEY UPDATE SKIP LOCKED
    LOOP
      lim := limits -> r.name;
      grp_c := CASE WHEN r.concurrency_key IS NULL THEN r.name ELSE r.name || ' ' || r.concurrency_key END;
      grp_r := CASE WHEN r.rate_key IS NULL THEN r.name ELSE r.name || ' ' || r.rate_key END;
      used_c := coalesce((running ->> grp_c)::int, 0);
      used_r := coalesce((started ->> grp_r)::int, 0);
      IF coalesce(lim ? 'c' AND used_c >= (lim ->> 'c')::int, false)
        OR coalesce(lim ? 'r' AND used_r >= (lim ->> 'r')::int, false) THEN
        refused := true;
      ELSE
        taken := taken || r.id;
        IF coalesce(lim ? 'c', false) THEN
          running := jsonb_set(running, ARRAY[grp_c], to_jsonb(used_c + 1));
        END IF;
        IF coalesce(lim ? 'r', false) THEN
          started := jsonb_set(started, ARRAY[grp_r], to_jsonb(used_r + 1));
          INSERT INTO {{schema}}.rate_starts (name, grp, at) VALUES (r.name, grp_r, claim_now);
        END IF;
      END IF;
    END LOOP;
    EXIT WHEN NOT refused OR cardinality(taken) >= claim_limit;
  END LOOP;
  RETURN QUERY
    UPDATE {{schema}}.tasks t
    SET status = 'running', attempt = t.attempt + 1, lease_number = t.lease_number + 1,
      lease_owner = runner_id, lease_expires_at = claim_now + lease_ms,
      started_at = claim_now, updated_at = claim_now
    WHERE t.id = ANY(taken)
    RETURNING t.*;
END
$$;
`;
