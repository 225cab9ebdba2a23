import { newTaskId } from "@errand/core/store";
import pg from "pg";
import { postgresStore } from "../src/index.js";
import { type BenchSystem, benchSchema, latencyLoop } from "./benchSystem.js";

/**
 * The raw Postgres floor, on a tasks table made by errand's own migrations (its indexes and
 * change-feed trigger included), with no errand code in the loop:
 * - enqueue: the rows errand's `triggerMany` writes (ids and inputs as stored, the same values in
 *   every column), built in plain JS and sent as one `INSERT ... SELECT FROM unnest(...)` per
 *   20,000 rows in one transaction. Only the ids and inputs go as arrays; the columns every row
 *   shares go once. No validation, no records, no NOTIFY.
 * - drain (`runFloorOnce`, in each runner process): claim 500 due tasks with SKIP LOCKED in one
 *   UPDATE, mark them all done in a second, rows kept; until a claim comes back empty.
 * - latency: the same claim of one task, woken by a NOTIFY sent with the insert.
 */
export function floorSystem(url: string): BenchSystem {
  const schema = benchSchema("floor");
  const store = postgresStore({ connectionString: url, schema });
  const tasks = `"${schema}".tasks`;
  const left = async () =>
    (await store.pool.query(`SELECT count(*)::int AS n FROM ${tasks} WHERE status IN ('pending', 'running')`))
      .rows[0].n as number;

  return {
    name: "floor",
    schema,
    runner: {},
    install: () => store.init(),
    async enqueue(count) {
      const now = Date.now();
      const client = await store.pool.connect();
      try {
        await client.query("BEGIN");
        for (let start = 0; start < count; start += CHUNK) {
          const size = Math.min(CHUNK, count - start);
          const ids = new Array<string>(size);
          const inputs = new Array<string>(size);
          for (let i = 0; i < size; i++) {
            ids[i] = newTaskId();
            inputs[i] = `{"json":{"id":${start + i}}}`;
          }
          await client.query(
            `INSERT INTO ${tasks} (id, name, input, max_attempts, priority, run_at, created_at, updated_at)
             SELECT id, $3, input, $4, $5, $6, $6, $6 FROM unnest($1::uuid[], $2::text[]) AS r(id, input)`,
            [ids, inputs, "noop", 3, 0, now],
          );
        }
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    },
    left,
    async latencies(samples) {
      const channel = `${schema}_latency`;
      const listener = new pg.Client({ connectionString: url });
      await listener.connect();
      await listener.query(`LISTEN "${channel}"`);
      const claimer = new pg.Client({ connectionString: url });
      await claimer.connect();
      const loop = await latencyLoop(
        samples,
        (id) => insertNotify(store.pool, tasks, channel, [id]),
        () =>
          insertNotify(
            store.pool,
            tasks,
            channel,
            Array.from({ length: 100 }, (_, i) => -1 - i),
          ),
        left,
      );
      // One claim at a time: a notification that arrives while claiming is answered by the loop.
      let claiming = false;
      let again = false;
      const drain = async () => {
        if (claiming) {
          again = true;
          return;
        }
        claiming = true;
        do {
          again = false;
          for (;;) {
            const claimed = await claimAndComplete(claimer, tasks, 1);
            if (claimed.length === 0) break;
            for (const { input } of claimed)
              loop.started((JSON.parse(input) as { json: { id: number } }).json.id);
          }
        } while (again);
        claiming = false;
      };
      listener.on("notification", () => void drain());
      try {
        return await loop.run();
      } finally {
        await listener.end();
        await claimer.end();
      }
    },
    async drop() {
      await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await store.close();
    },
  };
}

const CHUNK = 20_000;
/** Tasks one claim of the drain takes. */
const CLAIM_SIZE = 500;

function insertNotify(db: pg.Pool, tasks: string, channel: string, ids: number[]) {
  return db.query(
    `WITH inserted AS (
       INSERT INTO ${tasks} (id, name, input, max_attempts, priority, run_at, created_at, updated_at)
       SELECT gen_random_uuid(), 'latency', '{"json":{"id":' || i || '}}', 3, 0, $2, $2, $2 FROM unnest($1::int[]) i
       RETURNING 1)
     SELECT pg_notify($3, '') FROM (SELECT count(*) FROM inserted) c`,
    [ids, Date.now(), channel],
  );
}

/**
 * Claims up to `limit` due tasks (priority, then run time, then id; SKIP LOCKED) and marks them
 * done, rows kept; returns what it claimed.
 */
async function claimAndComplete(
  db: pg.ClientBase,
  tasks: string,
  limit: number,
): Promise<{ id: string; input: string }[]> {
  const now = Date.now();
  const { rows } = await db.query<{ id: string; input: string }>({
    name: "floor_claim",
    text: `UPDATE ${tasks} SET status = 'running', attempt = attempt + 1, lease_owner = 'floor',
        lease_expires_at = $1::bigint + 10000, started_at = $1, updated_at = $1
      WHERE id IN (SELECT id FROM ${tasks} WHERE status = 'pending' AND run_at <= $1
        ORDER BY priority DESC, run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id::text, input`,
    values: [now, limit],
  });
  if (rows.length === 0) return [];
  await db.query({
    name: "floor_complete",
    text: `UPDATE ${tasks} SET status = 'success', output = '{"json":null}', lease_owner = NULL,
        lease_expires_at = NULL, finished_at = $2, updated_at = $2
      WHERE id = ANY($1::uuid[])`,
    values: [rows.map((row) => row.id), Date.now()],
  });
  return rows;
}

/** A floor runner process: claim and complete CLAIM_SIZE at a time until a claim finds none. */
export async function runFloorOnce(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    while ((await claimAndComplete(client, `"${schema}".tasks`, CLAIM_SIZE)).length > 0) {}
  } finally {
    await client.end();
  }
}
