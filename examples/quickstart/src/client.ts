// Triggers both tasks on a running server and prints their typed outputs.
//   npx -y pnpm@10 --filter quickstart dev      (in one terminal: errand dev)
//   npx -y pnpm@10 --filter quickstart client   (in another)
import { pathToFileURL } from "node:url";
import { createTasksClient, type TasksClient } from "@errand/client";
import type { TasksServerRouter } from "@errand/server";
import type { Tasks } from "./errand.gen.js";

export type QuickstartClient = TasksClient<TasksServerRouter<Tasks>>;

export function connect(url: string): QuickstartClient {
  return createTasksClient<TasksServerRouter<Tasks>>({ url });
}

/** Triggers `greet` and `countTo`, shows countTo's progress, and returns both outputs, typed. */
export async function runClient(client: QuickstartClient, print: (line: string) => void = console.log) {
  const greeting = await client.trigger("greet", { name: "Ada" });
  const count = await client.trigger("countTo", { to: 5 });
  const stopProgress = count.onProgress(({ status, progress, message }) => {
    if (status === "running" && progress !== null)
      print(`countTo ${Math.round(progress * 100)}% ${message ?? ""}`);
  });
  const [greeted, counted] = await Promise.all([
    greeting.result({ timeoutMs: 30_000 }),
    count.result({ timeoutMs: 30_000 }),
  ]);
  stopProgress();
  if (!greeted.ok) throw new Error(`greet ${greeted.reason}: ${greeted.error.message}`);
  if (!counted.ok) throw new Error(`countTo ${counted.reason}: ${counted.error.message}`);

  // Both outputs are typed from the task definitions: `message` is a string, `greetedAt` a Date.
  print(`greet   → ${greeted.output.message} (at ${greeted.output.greetedAt.toISOString()})`);
  print(`countTo → counted ${counted.output.counted}`);
  return { greet: greeted.output, countTo: counted.output };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const url = process.argv.slice(2).find((arg) => arg !== "--") ?? "http://127.0.0.1:3030";
  await runClient(connect(url));
}
