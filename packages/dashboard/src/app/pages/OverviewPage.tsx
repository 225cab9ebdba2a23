import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { ActivityChart } from "../components/ActivityChart.js";
import { ErrorNote } from "../components/ErrorNote.js";
import { useTRPC } from "../lib/trpc.js";
import { STATUSES } from "../lib/types.js";
import { useLiveStats } from "../lib/useLiveStats.js";

/** The chart is history, not live state: re-read it every so often. */
const ACTIVITY_REFRESH_MS = 15_000;

export function OverviewPage() {
  const trpc = useTRPC();
  const stats = useLiveStats();
  const activity = useQuery({
    ...trpc.tasks.activity.queryOptions({ minutes: 60, buckets: 30 }),
    refetchInterval: ACTIVITY_REFRESH_MS,
  });
  const names = Object.keys(stats.data?.byName ?? {}).sort();
  return (
    <section className="page" aria-labelledby="overview-title">
      <div className="page-head">
        <h1 id="overview-title">Overview</h1>
      </div>
      <div className="card">
        <h2>Finished in the last hour</h2>
        {activity.error ? <ErrorNote error={activity.error} what="the activity" /> : null}
        {activity.data ? (
          <>
            <ActivityChart buckets={activity.data.buckets} bucketMs={activity.data.bucketMs} />
            {activity.data.truncated ? (
              <p className="muted">More tasks finished than the chart reads; the bars are a lower bound.</p>
            ) : null}
          </>
        ) : (
          <p className="empty-row">Loading…</p>
        )}
      </div>
      <div className="card">
        <h2>Tasks by name and status</h2>
        {stats.error ? <ErrorNote error={stats.error} what="the counts" /> : null}
        <table className="stats">
          <thead>
            <tr>
              <th scope="col">Task</th>
              {STATUSES.map((status) => (
                <th scope="col" className="num" key={status}>
                  <span className={`count-${status}`}>
                    <span className="dot" aria-hidden="true" /> {status}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr key={name}>
                <th scope="row">
                  <Link href={`/?name=${encodeURIComponent(name)}`}>{name}</Link>
                </th>
                {STATUSES.map((status) => {
                  const count = stats.data?.byName[name]?.[status] ?? 0;
                  return (
                    <td className={count === 0 ? "num zero" : "num"} key={status}>
                      {count > 0 ? (
                        <Link href={`/?name=${encodeURIComponent(name)}&status=${status}`}>{count}</Link>
                      ) : (
                        0
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          {stats.data ? (
            <tfoot>
              <tr>
                <th scope="row">All</th>
                {STATUSES.map((status) => (
                  <td className="num" key={status}>
                    {stats.data?.total[status]}
                  </td>
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </section>
  );
}
