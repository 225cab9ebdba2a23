#!/usr/bin/env node
// Proves errand installs into an app outside this workspace, the way the README says:
// pack every package, npm-install the tarballs into a temp app, `errand init`, `errand codegen`,
// build it with the strictest tsc settings (skipLibCheck false, so errand's .d.ts are checked
// too), then run the compiled app with plain `node` and no TypeScript loader installed: a server
// and runner from `errand serve`, and a typed client that triggers a task over HTTP and checks
// its typed output. Any failing step throws with its output; the temp app is always removed.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const packs = path.join(root, "packs");
const app = mkdtempSync(path.join(tmpdir(), "errand-app-"));
let server;

/** Runs a command to completion; throws with everything it printed unless it exits 0. */
function run(command, args, cwd = app) {
  console.log(`\n$ ${[command, ...args].join(" ")}   (in ${cwd === app ? "the app" : cwd})`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "" } });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${output}`);
  }
  console.log(`${output.trimEnd().split("\n").slice(-6).join("\n")}\n(${Date.now() - started} ms)`);
  return result.stdout;
}

function sizeOf(folder) {
  return spawnSync("du", ["-sh", folder], { encoding: "utf8" }).stdout.split("\t")[0];
}

/** Starts `errand serve --runner` and resolves with its URL once it listens. */
function startServer(bin, args) {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, [bin, ...args], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
    let printed = "";
    const onData = (chunk) => {
      printed += chunk;
      const match = printed.match(/listening on (http:\/\/\S+) /);
      if (match) resolve(match[1]);
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.on("exit", (code) =>
      reject(new Error(`errand serve exited (${code}) before listening:\n${printed}`)),
    );
  });
}

// The app's own code: a typed client of its server. `npm run build` type-checks it with the rest.
const clientSource = `import { createTasksClient } from "@errand/client";
import { runTaskOnce } from "@errand/core/testing";
import type { TasksServerRouter } from "@errand/server";
import type { Tasks } from "./errand.gen.js";
import { hello } from "./tasks/hello.js";

// @errand/core/testing needs no test runner: the app has no vitest installed.
const once = await runTaskOnce(hello, { name: "Once" });
if (!once.ok || once.value.output?.greeting !== "Hello, Once!") throw new Error(\`runTaskOnce: \${JSON.stringify(once)}\`);

const client = createTasksClient<TasksServerRouter<Tasks>>({ url: process.argv[2]! });
const handle = await client.trigger("hello", { name: "Ada" });
const result = await handle.result({ timeoutMs: 60_000 });
if (!result.ok) throw new Error(\`hello \${result.reason}: \${result.error.message}\`);
// Typed from the task definition: a string, not any.
const greeting: string = result.output.greeting;
// @ts-expect-error the input is typed too: name must be a string
if (process.argv[3] === "never") await client.trigger("hello", { name: 1 });
if (greeting !== "Hello, Ada!") throw new Error(\`unexpected output: \${JSON.stringify(result.output)}\`);
console.log(\`typed output: \${greeting}\`);
`;

try {
  rmSync(packs, { recursive: true, force: true });
  run("npx", ["-y", "pnpm@10", "run", "pack"], root);
  const tarballs = readdirSync(packs);
  const tarball = (name) => {
    const file = tarballs.find((entry) => entry.startsWith(`errand-${name}-`));
    if (!file) throw new Error(`no tarball for @errand/${name} in ${packs}: ${tarballs.join(", ")}`);
    return path.join(packs, file);
  };

  // The README's "Use errand in your app", in an empty folder.
  const npmFlags = ["--no-audit", "--no-fund", "--loglevel=error"];
  run("npm", ["install", ...npmFlags, ...["core", "sqlite", "server", "client"].map(tarball), "zod"]);
  const minimal = sizeOf(path.join(app, "node_modules"));
  run("npm", [
    "install",
    "-D",
    ...npmFlags,
    // The CLI serves the dashboard, so its tarball comes along (it is not on the registry either).
    ...["cli", "dashboard", "codegen", "postgres"].map(tarball),
    "typescript@5.9",
  ]);
  const withCli = sizeOf(path.join(app, "node_modules"));

  run("npx", ["errand", "--version"]);
  run("npx", ["errand", "init"]);
  writeFileSync(path.join(app, "src/client.ts"), clientSource);
  // errand.config.ts and the registry are TypeScript: the built CLI loads them through tsx.
  run("npx", ["errand", "codegen"]);
  run("npx", ["errand", "codegen", "--check"]);
  // prebuild (errand codegen) then tsc with the scaffold's strict tsconfig, skipLibCheck false.
  run("npm", ["run", "build"]);

  // From here on no TypeScript loader can be used: tsx is gone from node_modules.
  renameSync(path.join(app, "node_modules/tsx"), path.join(app, "node_modules/tsx-hidden"));
  const bin = path.join(app, "node_modules/@errand/cli/dist/bin.js");
  const url = await startServer(bin, [
    "serve",
    "--runner",
    "--config",
    "dist/errand.config.js",
    "--port",
    "0",
  ]);
  const printed = run(process.execPath, ["dist/src/client.js", url]);
  if (!printed.includes("typed output: Hello, Ada!")) throw new Error(`client printed:\n${printed}`);
  // The dashboard the installed CLI serves at / (its built assets came in the tarball).
  const page = await (await fetch(new URL("/", url))).text();
  if (!page.includes("<html"))
    throw new Error(`GET / did not answer the dashboard's page:\n${page.slice(0, 500)}`);

  console.log(`\npack-install-run: ok. node_modules of a minimal app (core, sqlite, server, client, zod):`);
  console.log(`${minimal}; with the CLI (cli, dashboard, codegen, postgres) and typescript: ${withCli}`);
} finally {
  server?.kill("SIGKILL");
  rmSync(app, { recursive: true, force: true });
}
