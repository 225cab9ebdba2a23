import { newTaskId } from "@errand/core/store";
import { postgresStore } from "../src/index.js";
import { benchSchema } from "./benchSystem.js";

/**
 * The enqueue floor: the rows errand's `triggerMany` writes (ids and inputs as stored, the same
 * values in every column), built in plain JS and sent as one `INSERT ... SELECT FROM unnest(...)`
 * per 20,000 rows in one transaction, into a tasks table made by errand's own migrations (its
 * indexes and change-feed trigger included). Only the ids and inputs go as arrays; the columns
 * every row shares go once. No validation, no records, no NOTIFY.
 */
export function floorSystem(url: string) {
  const schema = benchSchema("floor");
  const store = postgresStore({ connectionString: url, schema });
  const tasks = `"${schema}".tasks`;

  return {
    install: () => store.init(),
    async enqueue(count: number) {
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
    async drop() {
      await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await store.close();
    },
  };
}

const CHUNK = 20_000;
