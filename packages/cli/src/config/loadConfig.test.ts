import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadConfig } from "./loadConfig.js";
import { describeStore, resolveStore } from "./resolveStore.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "errand-config-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFile(path.join(dir, name), text);

describe("loadConfig", () => {
  test("an app without a config gets the defaults, paths from the working directory", async () => {
    const config = await loadConfig({ cwd: dir });
    expect(config).toMatchObject({
      file: null,
      appDir: dir,
      root: path.join(dir, "src"),
      generated: path.join(dir, "src/errand.gen.ts"),
      store: { sqlite: ".errand/errand.db" },
      port: 3030,
      host: "127.0.0.1",
    });
    expect(resolveStore(config, { cwd: dir, env: {} })).toEqual({
      kind: "sqlite",
      path: path.join(dir, ".errand/errand.db"),
    });
  });

  test("--config elsewhere: its settings, relative to its own folder", async () => {
    await mkdir(path.join(dir, "app"));
    await write(
      "app/custom.config.ts",
      'export default { root: "lib", store: { sqlite: "data/tasks.db" }, port: 4000, host: "0.0.0.0" };',
    );
    const config = await loadConfig({ cwd: dir, file: "app/custom.config.ts" });
    const appDir = path.join(dir, "app");
    expect(config).toMatchObject({ appDir, root: path.join(appDir, "lib"), port: 4000, host: "0.0.0.0" });
    expect(config.generated).toBe(path.join(appDir, "lib/errand.gen.ts"));
    expect(resolveStore(config, { cwd: dir, env: {} })).toEqual({
      kind: "sqlite",
      path: path.join(appDir, "data/tasks.db"),
    });
  });

  test("without root in the config, package.json's errand field (what errand-codegen reads) decides", async () => {
    await write("package.json", JSON.stringify({ errand: { root: "app", output: "app/registry.gen.ts" } }));
    const config = await loadConfig({ cwd: dir });
    expect(config.root).toBe(path.join(dir, "app"));
    expect(config.generated).toBe(path.join(dir, "app/registry.gen.ts"));
  });

  test.each([
    ["export default { prot: 3030 };", 'errand.config.ts: Unrecognized key: "prot"'],
    ['export default { store: { mysql: "x" } };', "errand.config.ts: store: must be { sqlite:"],
    ["export default { port: 70000 };", "errand.config.ts: port: Too big"],
    ["export const config = {};", "errand.config.ts has no default export"],
    ["export default { port: ", "cannot load errand.config.ts:"],
  ])("a broken config fails with one line naming the problem: %s", async (text, message) => {
    await write("errand.config.ts", text);
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(message);
  });

  test("a missing --config file is named", async () => {
    await expect(loadConfig({ cwd: dir, file: "nope.config.ts" })).rejects.toThrow(
      "--config nope.config.ts: no such file",
    );
  });
});

describe("resolveStore", () => {
  const config = { appDir: "/app", store: { sqlite: "tasks.db" } };

  test("--db beats ERRAND_DATABASE_URL, which beats the config", () => {
    const env = { ERRAND_DATABASE_URL: "postgres://u:secret@db:5432/app" };
    expect(resolveStore(config, { cwd: "/here", env })).toEqual({
      kind: "postgres",
      url: env.ERRAND_DATABASE_URL,
    });
    expect(resolveStore(config, { cwd: "/here", env, db: "local.db" })).toEqual({
      kind: "sqlite",
      path: "/here/local.db",
      flag: "local.db",
    });
    expect(resolveStore(config, { cwd: "/here", env: {}, db: "postgresql://db/x" })).toEqual({
      kind: "postgres",
      url: "postgresql://db/x",
    });
  });

  test("--db with any other scheme is a usage error that shows no more than the scheme", () => {
    expect(() => resolveStore(config, { cwd: "/", env: {}, db: "mysql://u:secret@db/app" })).toThrow(
      '--db: unsupported store "mysql://..."; --db takes a SQLite file path or a postgres:// (or postgresql://) URL',
    );
  });

  test("ERRAND_DATABASE_URL must be a Postgres URL", () => {
    expect(() => resolveStore(config, { cwd: "/", env: { ERRAND_DATABASE_URL: "mysql://db" } })).toThrow(
      "ERRAND_DATABASE_URL must be a postgres:// URL",
    );
  });

  test("describing a store never shows a password", () => {
    expect(describeStore({ kind: "postgres", url: "postgres://u:secret@db:5432/app" }, "/")).toBe(
      "Postgres db:5432/app",
    );
  });
});
