/** A task's reported progress (0 to 1), or an empty track when it reported none. */
export function ProgressBar({ value, label }: { value: number | null; label?: string }) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label ?? "Progress"}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      data-value={value ?? ""}
    >
      <div className="progress-fill" style={{ width: `${percent ?? 0}%` }} />
    </div>
  );
}
