import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CliError } from "../cliError.js";
import { CONFIG_FILE_NAMES } from "../config/loadConfig.js";
import {
  CONFIG_FILE,
  configTemplate,
  ignored,
  scripts,
  TASK_FILE,
  TSCONFIG_FILE,
  taskTemplate,
  tsconfigTemplate,
} from "./templates.js";

/** One line of `errand init`'s report: what happened to one file. */
export interface ScaffoldStep {
  file: string;
  outcome: "created" | "skipped" | "updated";
  detail: string;
}

/**
 * Writes a new app's files into `dir`. Never overwrites: an existing file is skipped (and said
 * so); package.json and .gitignore only gain what they lack (missing scripts, missing lines).
 */
export async function scaffoldApp(dir: string): Promise<ScaffoldStep[]> {
  // Read first: a broken package.json stops init before it writes anything.
  const pkg = await readPackageJson(dir);
  const steps: ScaffoldStep[] = [];
  const otherConfig = CONFIG_FILE_NAMES.find(
    (name) => name !== CONFIG_FILE && existsSync(path.join(dir, name)),
  );
  steps.push(
    otherConfig
      ? { file: CONFIG_FILE, outcome: "skipped", detail: `the app has ${otherConfig}` }
      : await createFile(dir, CONFIG_FILE, configTemplate),
  );
  steps.push(await createFile(dir, TASK_FILE, taskTemplate));
  steps.push(await createFile(dir, TSCONFIG_FILE, tsconfigTemplate));
  steps.push(await addToPackageJson(dir, pkg));
  steps.push(await addToGitignore(dir));
  return steps;
}

async function createFile(dir: string, file: string, text: string): Promise<ScaffoldStep> {
  const target = path.join(dir, file);
  await mkdir(path.dirname(target), { recursive: true });
  try {
    // `wx`: the check and the write are one step, so a file appearing meanwhile is never clobbered.
    await writeFile(target, text, { flag: "wx" });
    return { file, outcome: "created", detail: "" };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { file, outcome: "skipped", detail: "exists; left as is" };
  }
}

/** The app's package.json, or null when it has none. */
async function readPackageJson(dir: string): Promise<Record<string, unknown> | null> {
  const file = path.join(dir, "package.json");
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new CliError(`package.json is not valid JSON (${(error as Error).message}); fix it and rerun`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new CliError("package.json must hold a JSON object; fix it and rerun");
  }
  return parsed as Record<string, unknown>;
}

async function addToPackageJson(dir: string, found: Record<string, unknown> | null): Promise<ScaffoldStep> {
  const file = path.join(dir, "package.json");
  const existed = found !== null;
  const pkg = found ?? { name: packageName(dir), private: true };
  const added: string[] = [];
  const notes: string[] = [];
  if (pkg.type === undefined) {
    pkg.type = "module";
    added.push(`"type": "module"`);
  } else if (pkg.type !== "module") {
    notes.push(`"type" is ${JSON.stringify(pkg.type)}; the scaffold is ESM, so set "type": "module"`);
  }
  const current = (pkg.scripts ?? {}) as Record<string, string>;
  const kept: string[] = [];
  for (const [name, command] of Object.entries(scripts)) {
    if (current[name] === undefined) {
      current[name] = command;
      added.push(name);
    } else if (current[name] !== command) {
      kept.push(name);
    }
  }
  pkg.scripts = current;
  if (kept.length > 0) notes.push(`kept your scripts ${kept.join(", ")}`);
  if (existed && added.length === 0) {
    return { file: "package.json", outcome: "skipped", detail: notes.join("; ") || "has every script" };
  }
  await writeFile(file, `${JSON.stringify(pkg, null, 2)}\n`);
  const detail = [added.length > 0 ? `added ${added.join(", ")}` : "", ...notes].filter(Boolean).join("; ");
  return { file: "package.json", outcome: existed ? "updated" : "created", detail };
}

async function addToGitignore(dir: string): Promise<ScaffoldStep> {
  const file = path.join(dir, ".gitignore");
  const existed = existsSync(file);
  const text = existed ? await readFile(file, "utf8") : "";
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim().replace(/^\//, "")));
  const missing = ignored.filter((line) => !present.has(line) && !present.has(line.replace(/\/$/, "")));
  if (missing.length === 0) return { file: ".gitignore", outcome: "skipped", detail: "ignores them all" };
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  await writeFile(file, `${text}${separator}${missing.join("\n")}\n`);
  return {
    file: ".gitignore",
    outcome: existed ? "updated" : "created",
    detail: `added ${missing.join(", ")}`,
  };
}

/** npm's rules: lowercase, no spaces; the folder's name is the natural choice. */
function packageName(dir: string): string {
  const name = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+/, "");
  return name || "errand-app";
}
