import Database from "better-sqlite3";
import { better, defineQueue, defineWorker, JobStatus } from "plainjob";

const quiet = { error() {}, warn() {}, info() {}, debug() {} };

/**
 * plainjob 0.0.14 (a SQLite queue on better-sqlite3) on the same file settings, as a peer: bulk
 * `addMany` of `count` jobs, then one worker (plainjob runs one job at a time) draining them.
 */
export async function plainjobRates(
  path: string,
  count: number,
): Promise<{ enqueue: number; execute: number }> {
  const db = new Database(path);
  const queue = defineQueue({ connection: better(db), logger: quiet });
  try {
    const data = Array.from({ length: count }, (_, n) => ({ n }));
    let start = performance.now();
    queue.addMany("noop", data);
    const enqueue = count / ((performance.now() - start) / 1000);
    const worker = defineWorker("noop", () => {}, { queue, logger: quiet, pollIntervall: 50 });
    start = performance.now();
    const running = worker.start();
    // An EXISTS on its (status, ...) index: countJobs would count every pending row each time.
    const unfinished = db.prepare(
      `SELECT EXISTS (SELECT 1 FROM plainjob_jobs WHERE status IN (${JobStatus.Pending}, ${JobStatus.Processing})) AS n`,
    );
    while ((unfinished.get() as { n: number }).n > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const execute = count / ((performance.now() - start) / 1000);
    await worker.stop();
    await running;
    return { enqueue, execute };
  } finally {
    queue.close();
  }
}
