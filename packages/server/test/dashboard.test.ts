import { afterEach, describe, expect, it } from "vitest";
import { createTasksServer } from "../src/index.js";
import { testErrand } from "./fixtures.js";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("createTasksServer({ dashboard })", () => {
  it("serves the dashboard at / and /tasks/<id>, beside the procedures", async () => {
    const server = await createTasksServer({ errand: testErrand(), port: 0, dashboard: true });
    servers.push(server);
    for (const page of ["/", "/tasks/0190f000-0000-7000-8000-000000000000"]) {
      const response = await fetch(`${server.url}${page}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('id="errand-dashboard-config">{"trpcUrl":"/","basePath":""}');
    }
    const stats = await fetch(`${server.url}/tasks.stats`);
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ result: { data: { json: { total: { pending: 0 } } } } });
  });

  it("serves the procedures alone by default", async () => {
    const server = await createTasksServer({ errand: testErrand(), port: 0 });
    servers.push(server);
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
  });
});
