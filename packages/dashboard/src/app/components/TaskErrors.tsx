import { formatDate } from "../lib/format.js";
import { type AttemptRecord, attemptsOf, type TaskRecord } from "../lib/types.js";
import { JsonView } from "./JsonView.js";

/**
 * The errors of the task's failed attempts: each attempt's when the record keeps a history
 * (`attempts`), otherwise the last error the record holds.
 */
export function TaskErrors({ task }: { task: TaskRecord }) {
  const failedAttempts = (attemptsOf(task) ?? []).filter((attempt) => attempt.error);
  if (failedAttempts.length > 0) {
    return (
      <ol className="attempt-errors">
        {failedAttempts.map((attempt) => (
          <li key={attempt.attempt}>
            <AttemptError attempt={attempt} />
          </li>
        ))}
      </ol>
    );
  }
  if (!task.error) return null;
  return (
    <div className="error-box" role="status">
      <div className="error-title">
        <span className="error-name">{task.error.name}</span>
        {task.error.code ? <span className="error-code mono">{task.error.code}</span> : null}
        <span className="muted">attempt {task.attempt}</span>
      </div>
      <p className="error-message">{task.error.message}</p>
      {task.error.data !== undefined ? <JsonView value={task.error.data} /> : null}
      {task.error.stack ? <pre className="stack">{task.error.stack}</pre> : null}
    </div>
  );
}

function AttemptError({ attempt }: { attempt: AttemptRecord }) {
  return (
    <div className="error-box">
      <div className="error-title">
        <span className="error-name">Attempt {attempt.attempt}</span>
        {attempt.error?.name ? <span className="error-name">{attempt.error.name}</span> : null}
        {attempt.error?.code ? <span className="error-code mono">{attempt.error.code}</span> : null}
        {attempt.finishedAt ? <span className="muted">{formatDate(attempt.finishedAt)}</span> : null}
      </div>
      <p className="error-message">{attempt.error?.message}</p>
    </div>
  );
}
