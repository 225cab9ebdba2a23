// `node --import <this file>`: loads better-sqlite3 from ERRAND_TEST_UNBUILT_SQLITE (a copy with no
// build/ folder, as pnpm 10 leaves it when it blocks install scripts) instead of the workspace's
// built one. The same module registers itself and, in the hooks thread, is the resolve hook.
import { register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isMainThread } from "node:worker_threads";

const copy = process.env.ERRAND_TEST_UNBUILT_SQLITE;

export async function resolve(specifier, context, next) {
  if (specifier === "better-sqlite3" && copy) {
    return { url: pathToFileURL(path.join(copy, "lib/index.js")).href, shortCircuit: true };
  }
  return next(specifier, context);
}

if (isMainThread) register(import.meta.url);
