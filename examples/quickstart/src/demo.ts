// `npx -y pnpm@10 --filter quickstart start`: the whole flow in one process, then exit.
// The server and the runner start here, on a free port; src/client.ts talks to them over HTTP.
import { pathToFileURL } from "node:url";
import { createErrand, type Store } from "@errand/core";
import { createTasksServer } from "@errand/server";
import { connect, runClient } from "./client.js";
import { tasks } from "./errand.gen.js";
import { openStore } from "./store.js";

export async function runDemo(store: Store, print: (line: string) => void = console.log) {
  const errand = createErrand({ tasks, store });
  const server = await createTasksServer({ errand, port: 0 });
  const runner = errand.runner({ concurrency: 5 }).start();
  print(`errand server on ${server.url}, runner started`);
  try {
    return await runClient(connect(server.url), print);
  } finally {
    // Graceful: the server stops taking requests, the runner lets running tasks finish, the store closes.
    await server.close();
    await runner.stop({ graceMs: 5_000 });
    await errand.close();
    print("stopped");
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runDemo(openStore());
  console.log(
    "\nNext: `npx -y pnpm@10 --filter quickstart dev` keeps the server and a runner up; see README.md",
  );
}
