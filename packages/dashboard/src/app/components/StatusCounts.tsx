import type { TaskStatus } from "../lib/types.js";
import { STATUSES } from "../lib/types.js";

/** Counts per status as toggle buttons: choosing one filters by it, choosing it again clears. */
export function StatusCounts({
  counts,
  selected,
  onSelect,
}: {
  counts: Record<TaskStatus, number> | undefined;
  selected: TaskStatus | undefined;
  onSelect: (status: TaskStatus | undefined) => void;
}) {
  const total = counts ? STATUSES.reduce((sum, status) => sum + counts[status], 0) : undefined;
  return (
    <fieldset className="counts">
      <legend className="sr-only">Tasks per status</legend>
      <button
        type="button"
        className="count"
        aria-pressed={selected === undefined}
        onClick={() => onSelect(undefined)}
      >
        <span className="count-label">all</span>
        <span className="count-value" data-count="all">
          {total ?? "…"}
        </span>
      </button>
      {STATUSES.map((status) => (
        <button
          type="button"
          key={status}
          className={`count count-${status}`}
          aria-pressed={selected === status}
          onClick={() => onSelect(selected === status ? undefined : status)}
        >
          <span className="count-label">
            <span className="dot" aria-hidden="true" />
            {status}
          </span>
          <span className="count-value" data-count={status}>
            {counts?.[status] ?? "…"}
          </span>
        </button>
      ))}
    </fieldset>
  );
}
