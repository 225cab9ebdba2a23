import type { IncomingMessage, ServerResponse } from "node:http";
import { type Asset, readAssets } from "./assets.js";
import { renderIndexHtml } from "./indexHtml.js";

export interface DashboardOptions {
  /**
   * The tRPC endpoint the browser calls, whose router has the tasks router under `tasks`: the URL
   * you would give a tRPC client, e.g. "/trpc" (procedures at /trpc/tasks.list). A path is taken
   * on the page's own origin; `createTasksServer` passes "/".
   */
  trpcUrl: string;
  /** The path the dashboard is mounted at, e.g. "/admin/tasks". Default "" (the root). */
  basePath?: string;
  /** The folder of the built app. Default: the one shipped in this package. */
  assetsDir?: string;
}

/**
 * A Node request handler: `(req, res, next?)`. Requests it does not serve go to `next` when given
 * (Express, Connect), or get a 404.
 */
export type DashboardHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/**
 * Serves the dashboard: the built assets, and index.html for the mount point and every page path
 * (`/`, `/tasks/<id>`, ...) so deep links load the app. Everything is read into memory here, so a
 * missing build fails at startup, not on the first request.
 *
 * @example
 * const dashboard = createDashboardHandler({ trpcUrl: "/trpc", basePath: "/admin/tasks" });
 * app.use("/trpc", trpcExpress.createExpressMiddleware({ router: appRouter }));
 * app.use((req, res, next) => dashboard(req, res, next));
 */
export function createDashboardHandler(options: DashboardOptions): DashboardHandler {
  const basePath = normalizeBasePath(options.basePath ?? "");
  const trpcUrl = options.trpcUrl.replace(/\/+$/, "") || "/";
  const assets = readAssets(options.assetsDir);
  const index = Buffer.from(
    renderIndexHtml(assets.get("/index.html")!.body.toString("utf8"), { trpcUrl, basePath }),
  );

  return (req, res, next) => {
    const notMine = () => (next ? next() : sendStatus(res, 404));
    if (req.method !== "GET" && req.method !== "HEAD") return notMine();
    const pathname = decodePath(req.url ?? "/");
    if (pathname === undefined) return notMine();
    if (basePath !== "" && pathname === basePath) {
      // "/admin/tasks" -> "/admin/tasks/", so relative URLs in the page resolve under the mount.
      res.writeHead(308, { location: `${basePath}/` }).end();
      return;
    }
    if (!pathname.startsWith(`${basePath}/`)) return notMine();
    const local = pathname.slice(basePath.length);
    const asset = local === "/index.html" ? undefined : assets.get(local);
    if (asset) return send(req, res, asset, "public, max-age=31536000, immutable");
    // A page path (no file extension): the app routes it in the browser.
    if (!/\.[a-z0-9]+$/i.test(local)) {
      return send(req, res, { body: index, contentType: "text/html; charset=utf-8" }, "no-cache");
    }
    return notMine();
  };
}

function send(req: IncomingMessage, res: ServerResponse, asset: Asset, cacheControl: string): void {
  res.writeHead(200, {
    "content-type": asset.contentType,
    "content-length": asset.body.length,
    "cache-control": cacheControl,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
  });
  res.end(req.method === "HEAD" ? undefined : asset.body);
}

function sendStatus(res: ServerResponse, status: number): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(`${status}\n`);
}

function decodePath(url: string): string | undefined {
  try {
    const pathname = decodeURIComponent(new URL(url, "http://x").pathname);
    // No way out of the asset map anyway; refuse traversal outright rather than rely on that.
    return pathname.includes("..") || pathname.includes("\0") ? undefined : pathname;
  } catch {
    return undefined;
  }
}

function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, "");
  if (trimmed !== "" && !trimmed.startsWith("/")) {
    throw new TypeError(
      `createDashboardHandler: basePath must start with "/", got ${JSON.stringify(basePath)}`,
    );
  }
  return trimmed;
}
