import pg from "pg";
import { PG_URL } from "./database.js";

/**
 * A connection that is told every plan it runs, the statements inside functions and triggers
 * included (auto_explain, its log sent to the client): what Postgres really ran, not what EXPLAIN
 * of the outer statement shows. `plans` collects them as they come.
 */
export async function explainingConnection() {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const plans: string[] = [];
  client.on("notice", (notice) => plans.push(String(notice.message)));
  await client.query(`LOAD 'auto_explain'`);
  await client.query(`SET client_min_messages = log; SET auto_explain.log_min_duration = 0;
    SET auto_explain.log_nested_statements = on`);
  return { client, plans, close: () => client.end() };
}
