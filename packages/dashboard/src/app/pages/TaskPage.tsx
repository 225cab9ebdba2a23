import { Link } from "wouter";
import { ActionsPanel } from "../components/ActionsPanel.js";
import { ErrorNote } from "../components/ErrorNote.js";
import { JsonView } from "../components/JsonView.js";
import { LogTail } from "../components/LogTail.js";
import { ProgressBar } from "../components/ProgressBar.js";
import { StatusBadge } from "../components/StatusBadge.js";
import { TaskErrors } from "../components/TaskErrors.js";
import { TaskTable } from "../components/TaskTable.js";
import { formatDate, formatDuration, runDuration, shortId } from "../lib/format.js";
import { useLiveList } from "../lib/useLiveList.js";
import { useLiveLogs, useLiveTask } from "../lib/useLiveTask.js";
import { useNow } from "../lib/useNow.js";

export function TaskPage({ id }: { id: string }) {
  const live = useLiveTask(id);
  const logs = useLiveLogs(id);
  const children = useLiveList({ parentId: id }, 10, undefined);
  const now = useNow();
  const { task } = live;

  if (live.removed) {
    return (
      <section className="page">
        <h1>Task deleted</h1>
        <p>
          Task <span className="mono">{id}</span> no longer exists. <Link href="/">Back to the tasks</Link>.
        </p>
      </section>
    );
  }
  if (live.error) {
    return (
      <section className="page">
        <Crumbs />
        <ErrorNote error={live.error} what={`task ${id}`} />
      </section>
    );
  }
  if (!task) return <p className="page empty-row">Loading…</p>;

  const duration = runDuration(task, now);
  const percent = task.progress === null ? null : Math.round(task.progress * 100);
  return (
    <section className="page" aria-labelledby="task-title" data-task-id={task.id}>
      <Crumbs name={task.name} />
      <div className="task-head">
        <h1 id="task-title">{task.name}</h1>
        <StatusBadge status={task.status} />
        <span className="muted" data-testid="attempt">
          attempt {task.attempt} of {task.maxAttempts}
        </span>
        <span className="mono muted task-full-id" title="Task id">
          {task.id}
        </span>
      </div>

      <div className="task-grid">
        <div className="task-main">
          <div className="card progress-card">
            <div className="progress-line">
              <ProgressBar value={task.progress} label="Task progress" />
              <span className="mono percent" data-testid="percent">
                {percent === null ? "—" : `${percent}%`}
              </span>
            </div>
            <p className="status-line" data-testid="status-message">
              {task.statusMessage ?? <span className="muted">No status message.</span>}
            </p>
          </div>

          {task.error ? (
            <div className="card">
              <h2>Error</h2>
              <TaskErrors task={task} />
            </div>
          ) : null}

          <div className="card">
            <h2>Input</h2>
            <JsonView value={task.input} />
          </div>
          {task.output !== null ? (
            <div className="card">
              <h2>Output</h2>
              <JsonView value={task.output} />
            </div>
          ) : null}
          <div className="card">
            <h2>Logs</h2>
            {logs.error ? <ErrorNote error={logs.error} what="the logs" /> : <LogTail lines={logs.lines} />}
          </div>
        </div>

        <aside className="task-side">
          <div className="card">
            <h2>Actions</h2>
            <ActionsPanel
              task={task}
              onRestarted={() => {
                live.restart();
                logs.restart();
              }}
            />
          </div>
          <div className="card">
            <h2>Timing</h2>
            <dl className="facts">
              <dt>Created</dt>
              <dd title={task.createdAt.toISOString()}>{formatDate(task.createdAt)}</dd>
              <dt>Run at</dt>
              <dd title={task.runAt.toISOString()}>{formatDate(task.runAt)}</dd>
              <dt>Started</dt>
              <dd>{formatDate(task.startedAt)}</dd>
              <dt>Finished</dt>
              <dd>{formatDate(task.finishedAt)}</dd>
              <dt>Duration</dt>
              <dd data-testid="duration">
                {duration === undefined ? "—" : formatDuration(duration)}
                {task.finishedAt === null && duration !== undefined ? " so far" : ""}
              </dd>
              <dt>Priority</dt>
              <dd>{task.priority}</dd>
              {task.idempotencyKey ? (
                <>
                  <dt>Idempotency key</dt>
                  <dd className="mono">{task.idempotencyKey}</dd>
                </>
              ) : null}
              <dt>Parent</dt>
              <dd>
                {task.parentId ? (
                  <Link href={`/tasks/${task.parentId}`} className="mono">
                    {shortId(task.parentId)}
                  </Link>
                ) : (
                  "—"
                )}
              </dd>
            </dl>
          </div>
          <div className="card">
            <h2>Child tasks</h2>
            <TaskTable tasks={children.tasks} now={now} empty="None." compact />
            {children.nextCursor ? (
              <Link href={`/?parent=${encodeURIComponent(task.id)}`}>All child tasks →</Link>
            ) : null}
          </div>
        </aside>
      </div>
    </section>
  );
}

function Crumbs({ name }: { name?: string }) {
  return (
    <nav className="crumbs" aria-label="Breadcrumb">
      <Link href="/">Tasks</Link>
      {name ? (
        <>
          <span aria-hidden="true"> / </span>
          <Link href={`/?name=${encodeURIComponent(name)}`}>{name}</Link>
        </>
      ) : null}
    </nav>
  );
}
