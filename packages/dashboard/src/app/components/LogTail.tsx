import { useEffect, useRef } from "react";
import { formatTime } from "../lib/format.js";
import type { TaskLogLine } from "../lib/types.js";

/** The task's log, following new lines while the reader is at the bottom. */
export function LogTail({ lines }: { lines: TaskLogLine[] }) {
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  // Chromium and Firefox let keyboard users focus and scroll a scrolling box like this one.
  const count = lines.length;
  useEffect(() => {
    if (count > 0 && follow.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [count]);
  if (lines.length === 0) return <p className="empty-row">No log lines yet.</p>;
  return (
    <div
      className="logs"
      ref={box}
      role="log"
      aria-label="Log lines"
      onScroll={(event) => {
        const el = event.currentTarget;
        follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {lines.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are append-only; the index is their identity
        <div className={`log-line log-${line.level}`} key={index}>
          <span className="log-time" title={line.at.toISOString()}>
            {formatTime(line.at)}
          </span>
          <span className="log-attempt">#{line.attempt}</span>
          <span className="log-level">{line.level}</span>
          <span className="log-message">
            {line.message}
            {line.data && Object.keys(line.data).length > 0 ? (
              <span className="log-data"> {JSON.stringify(line.data)}</span>
            ) : null}
          </span>
        </div>
      ))}
    </div>
  );
}
