// Opens each SQLite file path it reads on stdin: prints "opening <path>", then "opened <path>" or
// "failed <path> <code> <message>".
import { createInterface } from "node:readline";
import { sqliteStore } from "../../src/index.js";

async function open(path: string): Promise<string> {
  const store = sqliteStore({ path });
  try {
    await store.init();
    await store.insert([
      {
        id: `${process.pid}`,
        name: "opened",
        input: '{"json":null}',
        maxAttempts: 1,
        priority: 0,
        runAt: 0,
        parentId: null,
        idempotencyKey: null,
        concurrencyKey: null,
        rateKey: null,
        debounceKey: null,
        createdAt: 0,
      },
    ]);
    return `opened ${path}`;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return `failed ${path} ${code} ${message}`;
  } finally {
    await store.close();
  }
}

process.stdout.write("waiting\n");
for await (const path of createInterface({ input: process.stdin })) {
  process.stdout.write(`opening ${path}\n`);
  process.stdout.write(`${await open(path)}\n`);
}
