import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDashboardHandler, type DashboardOptions } from "../src/server/index.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** The handler in a plain Node server; requests it passes on get 418, to tell them apart from its 404s. */
async function serve(options: DashboardOptions, withNext = true): Promise<string> {
  const handler = createDashboardHandler(options);
  server = createServer((req, res) =>
    handler(req, res, withNext ? () => res.writeHead(418).end("next") : undefined),
  );
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("createDashboardHandler", () => {
  it("serves index.html with the tRPC URL and a <base> at the root and for every page path", async () => {
    const url = await serve({ trpcUrl: "/trpc" });
    for (const pagePath of ["/", "/tasks/0190-abc", "/overview", "/trigger/sendEmail?from=x"]) {
      const response = await fetch(`${url}${pagePath}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      const html = await response.text();
      expect(html).toContain('<base href="/" />');
      expect(html).toContain('{"trpcUrl":"/trpc","basePath":""}');
    }
  });

  it("serves the built assets with their types, cached for good (their names carry a hash)", async () => {
    const url = await serve({ trpcUrl: "/" });
    const html = await (await fetch(url)).text();
    const script = html.match(/src="\.\/(assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const response = await fetch(`${url}/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect((await response.text()).length).toBeGreaterThan(1_000);
  });

  it("mounts under a basePath: redirects the bare path, passes on everything outside it", async () => {
    const url = await serve({ trpcUrl: "/api", basePath: "/admin/tasks/" });
    const bare = await fetch(`${url}/admin/tasks`, { redirect: "manual" });
    expect(bare.status).toBe(308);
    expect(bare.headers.get("location")).toBe("/admin/tasks/");
    const page = await fetch(`${url}/admin/tasks/tasks/123`);
    expect(await page.text()).toContain('<base href="/admin/tasks/" />');
    expect((await fetch(`${url}/other`)).status).toBe(418);
    expect((await fetch(`${url}/admin/tasksmore`)).status).toBe(418);
  });

  it("passes on what is not its own: other methods, unknown files, escapes from the asset folder", async () => {
    const url = await serve({ trpcUrl: "/" });
    expect((await fetch(`${url}/`, { method: "POST", body: "{}" })).status).toBe(418);
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(418);
    expect((await fetch(`${url}/assets/%2e%2e/%2e%2e/package.json`)).status).toBe(418);
    expect((await fetch(`${url}/index.html`)).status).toBe(418);
  });

  it("answers 404 itself when given no next handler, and HEAD without a body", async () => {
    const url = await serve({ trpcUrl: "/" }, false);
    expect((await fetch(`${url}/nope.txt`)).status).toBe(404);
    const head = await fetch(`${url}/tasks/1`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("keeps a tRPC URL from closing the config's <script>", async () => {
    const url = await serve({ trpcUrl: "/x</script><script>alert(1)</script>" });
    const html = await (await fetch(url)).text();
    expect(html).not.toContain("</script><script>alert(1)");
    expect(html).toContain("\\u003c/script>");
  });

  it("refuses a basePath that does not start with a slash", () => {
    expect(() => createDashboardHandler({ trpcUrl: "/", basePath: "admin" })).toThrow(
      'createDashboardHandler: basePath must start with "/", got "admin"',
    );
  });

  it("fails at creation, saying how to build, when the app is not built", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "errand-dashboard-empty-"));
    try {
      expect(() => createDashboardHandler({ trpcUrl: "/", assetsDir: empty })).toThrow(
        /the app is not built .*run `pnpm --filter @errand\/dashboard build`/,
      );
      await writeFile(path.join(empty, "index.html"), "<html><head></head></html>");
      expect(() => createDashboardHandler({ trpcUrl: "/", assetsDir: empty })).toThrow(/rebuild the app/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
