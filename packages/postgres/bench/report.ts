/** The per-run figures of one system, and the side-by-side table of their medians. */
export interface Figures {
  enqueueMs: number;
  startupMs: number;
  drainMs: number;
  tasksPerSecond: number;
  /** CPU ms per 1,000 tasks while draining: runner processes (start-up excluded) and Postgres. */
  runnerCpuPer1k: number;
  postgresCpuPer1k: number;
  latency: LatencySummary;
}

export interface LatencySummary {
  min: number;
  p50: number;
  avg: number;
  p99: number;
  max: number;
}

export function summarize(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    min: round(sorted[0]!),
    p50: round(at(0.5)),
    avg: round(sorted.reduce((sum, n) => sum + n, 0) / sorted.length),
    p99: round(at(0.99)),
    max: round(sorted.at(-1)!),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Medians per system, then each errand column divided by graphile-worker's. */
export function printTable(results: ReadonlyMap<string, Figures[]>, jobCount: number): void {
  const rows: [string, (f: Figures) => number][] = [
    [`enqueue ${jobCount} (ms)`, (f) => f.enqueueMs],
    ["runner start-up (ms)", (f) => f.startupMs],
    ["throughput (tasks/s)", (f) => f.tasksPerSecond],
    ["runner CPU ms / 1k tasks", (f) => f.runnerCpuPer1k],
    ["Postgres CPU ms / 1k tasks", (f) => f.postgresCpuPer1k],
    ...(["min", "p50", "avg", "p99", "max"] as const).map((key): [string, (f: Figures) => number] => [
      `latency ${key} (ms)`,
      (f) => f.latency[key],
    ]),
  ];
  const labels = [...results.keys()];
  const baseline = results.get("graphile-worker");
  const ratioOf = labels.filter((label) => label.startsWith("errand") && baseline);
  const width = Math.max(16, ...labels.map((label) => label.length + 2));
  console.log(
    "".padEnd(28) +
      labels.map((label) => label.padStart(width)).join("") +
      ratioOf.map((label) => `ratio ${label}`.padStart(width + 6)).join(""),
  );
  for (const [label, pick] of rows) {
    const medians = labels.map((name) => median(results.get(name)!.map(pick)));
    const base = baseline ? median(baseline.map(pick)) : Number.NaN;
    const ratios = ratioOf.map((name) => median(results.get(name)!.map(pick)) / base);
    console.log(
      label.padEnd(28) +
        medians.map((value) => value.toFixed(1).padStart(width)).join("") +
        ratios.map((ratio) => ratio.toFixed(2).padStart(width + 6)).join(""),
    );
  }
  console.log("ratio = errand / graphile-worker: above 1 is better for throughput, below 1 for the rest.");
}
