interface Bucket {
  at: Date;
  succeeded: number;
  failed: number;
}

const WIDTH = 720;
const HEIGHT = 140;

/**
 * Finished tasks per bucket as stacked bars: succeeded below, failed on top. Plain SVG for the
 * bars (stretched to the card's width), HTML for the text so it never stretches with them.
 */
export function ActivityChart({ buckets, bucketMs }: { buckets: Bucket[]; bucketMs: number }) {
  const max = Math.max(1, ...buckets.map((bucket) => bucket.succeeded + bucket.failed));
  const slot = WIDTH / Math.max(1, buckets.length);
  const bar = Math.max(2, slot - 4);
  const scale = (count: number) => (count / max) * (HEIGHT - 6);
  const total = buckets.reduce(
    (sum, bucket) => ({ succeeded: sum.succeeded + bucket.succeeded, failed: sum.failed + bucket.failed }),
    { succeeded: 0, failed: 0 },
  );
  const minutes = Math.round((bucketMs * buckets.length) / 60_000);
  return (
    <figure className="chart">
      <div className="chart-top">
        <span className="legend legend-ok">{total.succeeded} succeeded</span>
        <span className="legend legend-failed">{total.failed} failed</span>
        <span className="muted chart-max">
          busiest: {max} per {Math.round(bucketMs / 60_000)} min
        </span>
      </div>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${total.succeeded} succeeded and ${total.failed} failed in the last ${minutes} minutes`}
        preserveAspectRatio="none"
      >
        {[0.25, 0.5, 0.75].map((level) => (
          <line
            key={level}
            x1={0}
            x2={WIDTH}
            y1={HEIGHT * level}
            y2={HEIGHT * level}
            className="chart-grid"
          />
        ))}
        <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="chart-axis" />
        {buckets.map((bucket, index) => {
          const x = index * slot + (slot - bar) / 2;
          const ok = scale(bucket.succeeded);
          const bad = scale(bucket.failed);
          return (
            <g key={bucket.at.getTime()}>
              <title>{`${bucket.at.toLocaleTimeString()}: ${bucket.succeeded} succeeded, ${bucket.failed} failed`}</title>
              <rect x={index * slot} y={0} width={slot} height={HEIGHT} className="chart-hover" />
              <rect x={x} y={HEIGHT - ok} width={bar} height={ok} className="chart-ok" />
              <rect x={x} y={HEIGHT - ok - bad} width={bar} height={bad} className="chart-failed" />
            </g>
          );
        })}
      </svg>
      <div className="chart-axis-labels muted" aria-hidden="true">
        <span>{minutes} min ago</span>
        <span>{Math.round(minutes / 2)} min ago</span>
        <span>now</span>
      </div>
    </figure>
  );
}
