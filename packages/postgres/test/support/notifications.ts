import pg from "pg";
import { PG_URL } from "./database.js";

/** A raw LISTEN on a store's channel, counting what arrives: the test's independent witness. */
export async function countNotifications(schema: string) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  let count = 0;
  client.on("notification", () => {
    count += 1;
  });
  await client.query(`LISTEN "${schema}_tasks"`);
  return {
    /** Waits a little for stragglers, then reads the count. */
    async settled(ms = 150) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return count;
    },
    close: () => client.end(),
  };
}
