/**
 * The claim functions never compile their plans just in time. Their plans are pinned (migration
 * 1), so compiling gains them nothing, and with a deep queue the planner's cost estimate passes
 * jit_above_cost (about 400,000 pending tasks at the default 100,000): then every claim spent about
 * 20 ms compiling, more than the claim of 512 tasks itself, and execute fell with queue depth.
 */
export const migration000006 = `
ALTER FUNCTION {{schema}}.claim_tasks(bigint, integer, text, bigint, text[], boolean) SET jit = off;
ALTER FUNCTION {{schema}}.claim_tasks_limited(bigint, integer, text, bigint, text[], jsonb, integer, integer, bigint)
  SET jit = off;
`;
