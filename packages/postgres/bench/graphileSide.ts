import { Logger, runMigrations, runTaskList } from "graphile-worker";
import pg from "pg";
import { type BenchSystem, benchSchema, latencyLoop } from "./benchSystem.js";

export const silentLogger = () => new Logger(() => () => {});

export function graphileSystem(url: string, options: { defaults?: boolean } = {}): BenchSystem {
  const schema = benchSchema("graphile_worker");
  const pool = new pg.Pool({ connectionString: url });
  const left = async () =>
    (await pool.query(`SELECT count(*)::int AS n FROM "${schema}"._private_jobs`)).rows[0].n;

  return {
    name: "graphile-worker",
    schema,
    runner: { graphileDefaults: options.defaults ?? false },
    install: () => runMigrations({ connectionString: url, schema, logger: silentLogger() }),
    async enqueue(count) {
      // Its batch API (add_jobs, one statement). perfTest/init.js calls add_job once per row in a DO
      // block instead, which took 53 s for 20,000 jobs here: not a fair measure of enqueueing.
      await pool.query(
        `SELECT "${schema}".add_jobs(array_agg(
          ('noop', json_build_object('id', i), NULL, NULL, NULL, NULL, NULL, NULL)::"${schema}".job_spec))
        FROM generate_series(1, $1::int) i`,
        [count],
      );
    },
    left,
    async latencies(samples) {
      const client = await pool.connect();
      const loop = await latencyLoop(
        samples,
        (id) => client.query(`SELECT "${schema}".add_job('latency', json_build_object('id', $1::int))`, [id]),
        () =>
          pool.query(
            `SELECT "${schema}".add_job('latency', json_build_object('id', -i)) FROM generate_series(1, 100) i`,
          ),
        left,
      );
      // As graphile-worker's perfTest/latencyTest.js: runTaskList with concurrency 1 on the same pool.
      const workerPool = runTaskList(
        { concurrency: 1, schema, logger: silentLogger(), noHandleSignals: true },
        { latency: (payload) => loop.started((payload as { id: number }).id) },
        pool,
      );
      try {
        return await loop.run();
      } finally {
        client.release();
        await workerPool.gracefulShutdown();
      }
    },
    async drop() {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
