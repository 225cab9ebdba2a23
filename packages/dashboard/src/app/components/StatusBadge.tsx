import type { TaskStatus } from "../lib/types.js";

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span className="dot" aria-hidden="true" />
      {status}
    </span>
  );
}
