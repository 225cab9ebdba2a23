import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe } from "vitest";
import {
  type PostgresStore,
  type PostgresStoreOptions,
  postgresStore,
  type RetentionOptions,
  type StoreLogger,
} from "../../src/index.js";

/** The test server: local Postgres, user `postgres`, database `test`, unless ERRAND_PG_URL says otherwise. */
export const PG_URL = process.env.ERRAND_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await probe();
if (unreachable !== null) {
  const how =
    `Postgres at ${PG_URL} is unreachable (${unreachable}). Start it ` +
    "(`pg_ctlcluster --skip-systemctl-redirect 15 main start`) or set ERRAND_PG_URL to a server you may write to.";
  // CI must never pass by skipping the store it is meant to prove.
  if (process.env.CI) throw new Error(`CI: ${how}`);
  console.warn(`Skipping the @errand/postgres tests. ${how}`);
}

/** `describe`, skipped with a message on a developer machine without Postgres, never in CI. */
export function describePg(name: string, body: () => void): void {
  describe.skipIf(unreachable !== null)(name, body);
}

export function freshSchemaName(): string {
  return `errand_test_${randomBytes(5).toString("hex")}`;
}

/** Runs statements as an outside party: the test's own view of the database. */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function dropSchema(schema: string): Promise<unknown> {
  return withAdmin((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

interface Extra {
  applicationName?: string;
  maxConnections?: number;
  retention?: RetentionOptions;
  logger?: StoreLogger;
  vacuum?: PostgresStoreOptions["vacuum"];
}

/** A store on its own pool in `schema` (fresh when not given), not yet initialised. */
export function storeIn(schema: string, options: Extra = {}): PostgresStore {
  return postgresStore({ connectionString: PG_URL, schema, ...options });
}

/** A fresh schema with an initialised store in it; `cleanup` closes the store and drops the schema. */
export async function openFreshStore(options: Extra = {}) {
  const schema = freshSchemaName();
  const store = storeIn(schema, options);
  await store.init();
  return {
    store,
    schema,
    async cleanup() {
      await store.close();
      await dropSchema(schema);
    },
  };
}

/** A fresh store for the runner-process tests, and the env its runner processes open it with. */
export async function openForRunnerProcesses() {
  const { store, schema, cleanup } = await openFreshStore();
  return {
    store,
    env: { ERRAND_PG_URL: PG_URL, ERRAND_PG_SCHEMA: schema },
    cleanup,
  };
}
