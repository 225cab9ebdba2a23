import { Link } from "wouter";
import { formatAgo, formatDuration, runDuration, shortId } from "../lib/format.js";
import type { TaskRecord } from "../lib/types.js";
import { ProgressBar } from "./ProgressBar.js";
import { StatusBadge } from "./StatusBadge.js";

export function TaskTable({
  tasks,
  now,
  empty,
  compact = false,
}: {
  tasks: TaskRecord[];
  now: number;
  empty: string;
  /** Name, status and age only: for the narrow column of a task's page. */
  compact?: boolean;
}) {
  if (tasks.length === 0) return <p className="empty-row">{empty}</p>;
  return (
    <table className={compact ? "tasks compact" : "tasks"}>
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Status</th>
          <th scope="col" className="col-progress">
            Progress
          </th>
          <th scope="col" className="num">
            Attempt
          </th>
          <th scope="col">Created</th>
          <th scope="col" className="num">
            Duration
          </th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => {
          const duration = runDuration(task, now);
          return (
            <tr key={task.id} data-task-id={task.id} data-status={task.status}>
              <td>
                <Link href={`/tasks/${task.id}`} className="task-link">
                  <span className="task-name">{task.name}</span>
                  <span className="task-id mono">{shortId(task.id)}</span>
                </Link>
              </td>
              <td>
                <StatusBadge status={task.status} />
              </td>
              <td className="col-progress">
                <div className="progress-cell">
                  {task.progress === null ? null : (
                    <ProgressBar
                      value={task.progress}
                      label={`Progress of ${task.name} ${shortId(task.id)}`}
                    />
                  )}
                  <span className="status-message" title={task.statusMessage ?? undefined}>
                    {task.statusMessage ?? ""}
                  </span>
                </div>
              </td>
              <td className="num mono">
                {task.attempt}/{task.maxAttempts}
              </td>
              <td title={task.createdAt.toISOString()}>{formatAgo(task.createdAt, now)}</td>
              <td className="num mono">{duration === undefined ? "—" : formatDuration(duration)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
