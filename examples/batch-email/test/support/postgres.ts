import { randomBytes } from "node:crypto";
import pg from "pg";

/** The test server: local Postgres unless ERRAND_TEST_DATABASE_URL points elsewhere. */
export const PG_URL = process.env.ERRAND_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why Postgres tests are skipped on this machine, or null when they run. */
export const pgUnavailable = await probe();
if (pgUnavailable !== null) {
  const message = `Postgres at ${PG_URL} is unreachable (${pgUnavailable})`;
  // CI must never pass by skipping the store it is meant to prove.
  if (process.env.CI) throw new Error(`CI: ${message}`);
  console.warn(`Skipping the Postgres run of this example: ${message}`);
}

export function freshSchema(): string {
  return `errand_example_${randomBytes(5).toString("hex")}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
