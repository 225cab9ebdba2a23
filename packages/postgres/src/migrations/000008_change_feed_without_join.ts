/**
 * The change feed's trigger (migration 3) finds the rows a statement changed in what readers see
 * with EXCEPT instead of a join of the old and new rows. PL/pgSQL keeps the plan it made for the
 * first statements it saw, which touch a few rows; a nested loop over the two transition tables
 * then cost n² on a statement of many rows: 780 ms for a heartbeat-like update of 2,000 leases,
 * over ten minutes for 100,000 rows. EXCEPT hashes or sorts both sides: it has no such plan.
 * Same result: the ids of new rows whose (status, updated_at, abort_requested_at, attempt) no old
 * row of that id had, NULLs comparing equal as with IS DISTINCT FROM.
 */
export const migration000008 = `
CREATE OR REPLACE FUNCTION {{schema}}.notify_task_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changed_ids text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.id::text) INTO changed_ids FROM (SELECT id FROM new_rows LIMIT 201) n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(o.id::text) INTO changed_ids FROM (SELECT id FROM old_rows LIMIT 201) o;
  ELSE
    SELECT array_agg(c.id::text) INTO changed_ids FROM (
      SELECT id FROM (
        SELECT id, status, updated_at, abort_requested_at, attempt FROM new_rows
        EXCEPT
        SELECT id, status, updated_at, abort_requested_at, attempt FROM old_rows
      ) shown LIMIT 201
    ) c;
  END IF;
  IF changed_ids IS NOT NULL THEN
    PERFORM pg_notify(
      TG_TABLE_SCHEMA || '_changes',
      CASE WHEN cardinality(changed_ids) > 200 THEN '*' ELSE array_to_string(changed_ids, ',') END
    );
  END IF;
  RETURN NULL;
END
$$;
`;
