// Another process writing to the SQLite file in ERRAND_DB: inserts one task per line read on stdin.
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { sqliteStore } from "../../src/index.js";

const store = sqliteStore({ path: process.env.ERRAND_DB! });
await store.init();
process.stdout.write("ready\n");
for await (const _line of createInterface({ input: process.stdin })) {
  const id = randomUUID();
  const now = Date.now();
  await store.insert([
    {
      id,
      name: "work",
      input: "{}",
      maxAttempts: 1,
      priority: 0,
      runAt: now,
      parentId: null,
      idempotencyKey: null,
      concurrencyKey: null,
      rateKey: null,
      debounceKey: null,
      createdAt: now,
    },
  ]);
  process.stdout.write(`wrote ${id}\n`);
}
await store.close();
