/**
 * A claim on its own commits without waiting for the WAL flush (synchronous_commit off, for its
 * transaction only). Losing it costs nothing that at-least-once does not already allow: a claim
 * lost to a server crash leaves its tasks pending, to be claimed again, as an expired lease would;
 * and any later durable commit (the task's settlement, or any other) flushes it first, since WAL
 * is written in order. Other sessions see it at once either way, so no two runners claim the same
 * task. The flush was about 0.5 of the 1.4 ms a one-task claim took on an idle server, and it held
 * the claimed rows locked while it waited. Inserts and settlements keep their flush: a trigger
 * must never be lost, and a recorded outcome must not come undone.
 */
export const migration000009 = `
CREATE FUNCTION {{schema}}.claim_tasks_unflushed(
  claim_now bigint, claim_limit integer, runner_id text, lease_ms bigint, task_names text[]
) RETURNS SETOF {{schema}}.tasks
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  RETURN QUERY SELECT * FROM {{schema}}.claim_tasks(claim_now, claim_limit, runner_id, lease_ms, task_names, true);
END
$$;

CREATE FUNCTION {{schema}}.claim_tasks_limited_unflushed(
  claim_now bigint, claim_limit integer, runner_id text, lease_ms bigint, task_names text[],
  task_limits jsonb, lock_namespace integer, lock_key integer, rate_slack_ms bigint
) RETURNS SETOF {{schema}}.tasks
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  RETURN QUERY SELECT * FROM {{schema}}.claim_tasks_limited(
    claim_now, claim_limit, runner_id, lease_ms, task_names, task_limits, lock_namespace, lock_key, rate_slack_ms);
END
$$;
`;
