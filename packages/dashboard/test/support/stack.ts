import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createErrand, type Errand } from "@errand/core";
import { type Authorize, createTasksServer, type TasksServer } from "@errand/server";
import { sqliteStore } from "@errand/sqlite";
import { tasks } from "./tasks.js";

export type Tasks = typeof tasks;

export interface Stack {
  errand: Errand<Tasks>;
  server: TasksServer<Tasks>;
  /** The dashboard's root URL. */
  url: string;
  close(): Promise<void>;
}

/** A real errand on a SQLite file, a runner, and `createTasksServer` with the dashboard on. */
export async function startStack(options: { authorize?: Authorize<object> } = {}): Promise<Stack> {
  const dir = await mkdtemp(path.join(tmpdir(), "errand-dashboard-"));
  const errand = createErrand({ tasks, store: sqliteStore({ path: path.join(dir, "errand.db") }) });
  errand.logger.level = "silent";
  const runner = errand.runner({ concurrency: 8, pollIntervalMs: 20 }).start();
  const server = await createTasksServer({
    errand,
    port: 0,
    dashboard: true,
    watchIntervalMs: 50,
    statsIntervalMs: 100,
    ...(options.authorize ? { authorize: options.authorize } : {}),
  });
  return {
    errand,
    server,
    url: `${server.url}/`,
    async close() {
      await server.close();
      await runner.stop({ graceMs: 1_000 });
      await errand.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
