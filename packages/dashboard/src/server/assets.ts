import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** One built file, read once at startup: the whole app is a few hundred KB. */
export interface Asset {
  body: Buffer;
  contentType: string;
}

/*
 * `vite build` writes the app to <package>/dist/client. This module runs from src/server (in the
 * workspace) or dist/server (when installed); "../../dist/client" is that folder from both.
 */
export const ASSETS_DIR = fileURLToPath(new URL("../../dist/client/", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".map": "application/json",
};

/** Every file under `dir`, keyed by its URL path ("/assets/index-abc.js"). */
export function readAssets(dir: string = ASSETS_DIR): Map<string, Asset> {
  let index: string;
  try {
    index = readFileSync(path.join(dir, "index.html"), "utf8");
  } catch (error) {
    throw new Error(
      `@errand/dashboard: the app is not built (no ${path.join(dir, "index.html")}); ` +
        "run `pnpm --filter @errand/dashboard build` (published packages ship it built)",
      { cause: error },
    );
  }
  const assets = new Map<string, Asset>();
  assets.set("/index.html", { body: Buffer.from(index), contentType: TYPES[".html"]! });
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const full = path.join(folder, entry);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const urlPath = `/${path.relative(dir, full).split(path.sep).join("/")}`;
        const type = TYPES[path.extname(entry)] ?? "application/octet-stream";
        assets.set(urlPath, { body: readFileSync(full), contentType: type });
      }
    }
  };
  walk(dir);
  return assets;
}
