import { withAdmin } from "./database.js";

/** Pids of the server processes serving `applicationName`, optionally only those that ran LISTEN last. */
export function backends(applicationName: string, listening = false): Promise<number[]> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND ($2::boolean IS FALSE OR query LIKE 'LISTEN%')`,
      [applicationName, listening],
    );
    return rows.map((row) => row.pid);
  });
}

/** Cuts every connection of `applicationName`, as a server restart or a network failure would. */
export function terminateBackends(applicationName: string): Promise<number> {
  return withAdmin(async (client) => {
    const { rowCount } = await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
      [applicationName],
    );
    return rowCount ?? 0;
  });
}

export async function waitFor<T>(check: () => Promise<T | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: still false after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
