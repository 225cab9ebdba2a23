// Opens the errand SQLite file in ERRAND_DB (as a runner does at start) and prints the outcome.
import { sqliteStore } from "../../src/index.js";

const store = sqliteStore({ path: process.env.ERRAND_DB! });
try {
  await store.init();
  process.stdout.write("opened\n");
} catch (error) {
  process.stdout.write(`failed ${(error as Error).message}\n`);
} finally {
  await store.close();
}
