import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "wouter";
import { ErrorNote } from "../components/ErrorNote.js";
import { StatusCounts } from "../components/StatusCounts.js";
import { TaskTable } from "../components/TaskTable.js";
import { useTRPC } from "../lib/trpc.js";
import { STATUSES, type TaskStatus } from "../lib/types.js";
import { useLiveList } from "../lib/useLiveList.js";
import { useLiveStats } from "../lib/useLiveStats.js";
import { useNow } from "../lib/useNow.js";

const PAGE_SIZE = 25;

/** All tasks, newest first; filters live in the URL so a view can be shared or bookmarked. */
export function TasksPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const name = params.get("name") ?? undefined;
  const statusParam = params.get("status");
  const status = STATUSES.includes(statusParam as TaskStatus) ? (statusParam as TaskStatus) : undefined;
  const parentId = params.get("parent") ?? undefined;
  // Earlier pages' cursors, so "Newer" can go back; empty on the first (live) page.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const filterKey = `${name}|${status}|${parentId}`;
  const lastFilter = useRef(filterKey);
  useEffect(() => {
    if (lastFilter.current !== filterKey) setCursors([]);
    lastFilter.current = filterKey;
  }, [filterKey]);

  const definitions = useQuery(trpc.tasks.definitions.queryOptions());
  const stats = useLiveStats();
  const list = useLiveList({ name, status, parentId }, PAGE_SIZE, cursor);
  const now = useNow();

  const setParam = (key: string, value: string | undefined) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  const counts = name ? stats.data?.byName[name] : stats.data?.total;
  const nameInput = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLElement && event.target.closest("input, textarea, select");
      if (event.key === "/" && !typing) {
        event.preventDefault();
        nameInput.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <section className="page" aria-labelledby="tasks-title">
      <div className="page-head">
        <h1 id="tasks-title">Tasks</h1>
        <span
          className={`live ${list.live ? "on" : ""}`}
          title={list.live ? "Updates arrive as they happen" : ""}
        >
          {cursor ? "page of older tasks" : list.live ? "live" : "connecting…"}
        </span>
      </div>
      <StatusCounts counts={counts} selected={status} onSelect={(value) => setParam("status", value)} />
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filters">
        <label>
          <span>Task</span>
          <select
            ref={nameInput}
            value={name ?? ""}
            onChange={(event) => setParam("name", event.target.value || undefined)}
            aria-keyshortcuts="/"
          >
            <option value="">All tasks</option>
            {definitions.data?.map((definition) => (
              <option key={definition.name} value={definition.name}>
                {definition.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Status</span>
          <select
            value={status ?? ""}
            onChange={(event) => setParam("status", event.target.value || undefined)}
          >
            <option value="">Any status</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          <span>Parent id</span>
          <input
            type="search"
            placeholder="children of this task id"
            defaultValue={parentId ?? ""}
            key={parentId ?? ""}
            onKeyDown={(event) => {
              if (event.key === "Enter") setParam("parent", event.currentTarget.value.trim() || undefined);
            }}
            onBlur={(event) => setParam("parent", event.currentTarget.value.trim() || undefined)}
          />
        </label>
      </form>
      {list.error ? <ErrorNote error={list.error} what="the tasks" /> : null}
      {list.isLoading ? (
        <p className="empty-row">Loading…</p>
      ) : (
        <TaskTable tasks={list.tasks} now={now} empty="No tasks match. Trigger one from the Trigger page." />
      )}
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={cursors.length === 0}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          ← Newer
        </button>
        <span className="muted">
          Page {cursors.length + 1}
          {cursors.length === 0 ? " (live)" : ""}
        </span>
        <button
          type="button"
          disabled={list.nextCursor === null}
          onClick={() => list.nextCursor && setCursors((c) => [...c, list.nextCursor!])}
        >
          Older →
        </button>
      </nav>
    </section>
  );
}
