/**
 * An ended attempt's row goes with its task by a statement trigger instead of a foreign key. The
 * key checked every inserted attempt row by itself (a row-level trigger running a lookup that locks
 * the task row): the settlement of a turn of 512 tasks ran 512 such checks, on rows the same
 * statement had just updated, so they could never fail. Without it, perfTest (4 runner processes)
 * drained 37,209 against 34,373 tasks/s and Postgres spent 28.4 against 31.9 ms of CPU per 1,000
 * tasks (medians of three alternating runs). The key's other job, ON DELETE CASCADE, is this
 * trigger: any delete of tasks (a user's, retention's, or by hand) deletes their attempts in the
 * same statement, and TRUNCATE of tasks empties task_attempts.
 */
export const migration000010 = `
ALTER TABLE {{schema}}.task_attempts DROP CONSTRAINT task_attempts_task_id_fkey;

CREATE FUNCTION {{schema}}.delete_task_attempts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE {{schema}}.task_attempts;
  ELSE
    DELETE FROM {{schema}}.task_attempts a USING old_rows o WHERE a.task_id = o.id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER tasks_delete_attempts AFTER DELETE ON {{schema}}.tasks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.delete_task_attempts();
CREATE TRIGGER tasks_truncate_attempts AFTER TRUNCATE ON {{schema}}.tasks
  FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.delete_task_attempts();
`;
