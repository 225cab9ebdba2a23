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

/**
 * The middle value; of an even count the mean of the two middle ones (it was the upper one, which
 * with two rounds, common here, quoted the higher round); NaN when there is none.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Per system, the median with min-max over rounds; then each errand column's median divided by
 * graphile-worker's and by the raw floor's.
 */
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
  const references = ["graphile-worker", "raw floor"].filter((label) => results.has(label));
  const ratios = labels
    .filter((label) => label.startsWith("errand"))
    .flatMap((label) => references.map((reference) => [label, reference] as const));
  const decimals = (value: number) => (Math.abs(value) >= 100 ? 0 : 1);
  const cell = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const fmt = (n: number) => n.toFixed(decimals(median(values)));
    return sorted.length > 1
      ? `${fmt(median(values))} (${fmt(sorted[0]!)}-${fmt(sorted.at(-1)!)})`
      : fmt(median(values));
  };
  const table = rows.map(([label, pick]) => [
    label,
    ...labels.map((name) => cell(results.get(name)!.map(pick))),
    ...ratios.map(([name, reference]) =>
      (median(results.get(name)!.map(pick)) / median(results.get(reference)!.map(pick))).toFixed(2),
    ),
  ]);
  const header = ["", ...labels, ...ratios.map(([name, reference]) => `${name} / ${reference}`)];
  const widths = header.map((_, i) => Math.max(...[header, ...table].map((row) => row[i]!.length)) + 2);
  for (const row of [header, ...table]) {
    console.log(
      row.map((text, i) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!))).join(""),
    );
  }
  console.log(
    "Medians (min-max) of the rounds; a ratio above 1 is better for throughput, below 1 for the rest.",
  );
}
