import { cp, mkdir, mkdtemp, realpath, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CLI_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURE_DIR = path.join(CLI_DIR, "test/fixtures/app");

export interface FixtureApp {
  dir: string;
  dbPath: string;
  remove(): Promise<void>;
}

/**
 * A private copy of the fixture app (generated registry included) in a temp folder, so tests can
 * run codegen, write its store and edit its tasks in parallel. Its node_modules links the workspace's own packages, resolved
 * to the same real paths the CLI loads them from (one @errand/core instance per process).
 */
export async function copyFixtureApp(): Promise<FixtureApp> {
  const dir = await mkdtemp(path.join(tmpdir(), "errand-cli-"));
  await cp(FIXTURE_DIR, dir, { recursive: true });
  const modules = path.join(dir, "node_modules");
  await mkdir(path.join(modules, "@errand"), { recursive: true });
  await symlink(path.join(CLI_DIR, "../core"), path.join(modules, "@errand/core"));
  await symlink(CLI_DIR, path.join(modules, "@errand/cli"));
  await symlink(await realpath(path.join(CLI_DIR, "node_modules/zod")), path.join(modules, "zod"));
  return {
    dir,
    dbPath: path.join(dir, ".errand/fixture.db"),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
