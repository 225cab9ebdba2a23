/**
 * The change feed: every statement that inserts, changes or deletes tasks sends one NOTIFY on
 * `<schema>_changes` with the ids it touched, comma-separated, for `watch` in other processes.
 *
 * Statement-level, with transition tables: a claim or settle of 24 tasks costs one notification,
 * not 24. A payload must stay under 8,000 bytes: past 200 ids (37 bytes each) it is "*" instead,
 * meaning "anything may have changed". Updates that move nothing a reader shows (heartbeats only
 * extend the lease) send nothing. Postgres delivers notifications at commit, and drops a duplicate
 * payload within one transaction.
 */
export const migration000003 = `
CREATE FUNCTION {{schema}}.notify_task_changes() RETURNS trigger
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
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.status, n.updated_at, n.abort_requested_at, n.attempt)
        IS DISTINCT FROM (o.status, o.updated_at, o.abort_requested_at, o.attempt)
      LIMIT 201
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

CREATE TRIGGER tasks_notify_insert AFTER INSERT ON {{schema}}.tasks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.notify_task_changes();
CREATE TRIGGER tasks_notify_update AFTER UPDATE ON {{schema}}.tasks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.notify_task_changes();
CREATE TRIGGER tasks_notify_delete AFTER DELETE ON {{schema}}.tasks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.notify_task_changes();
`;
