import { readFileSync } from "node:fs";
import path from "node:path";

export interface CodegenPaths {
  /** The source root, absolute. */
  root: string;
  /** The generated registry module, absolute. */
  generated: string;
}

/**
 * errand.config.ts first, then the `errand` field of package.json (which `errand-codegen` reads on
 * its own), then the defaults: `errand codegen` and the commands that import the registry must
 * agree on where it is, whichever way the app configured it.
 */
export function resolveCodegenPaths(
  appDir: string,
  config: { root?: string; generated?: string },
): CodegenPaths {
  const fromPackage = readPackageField(appDir);
  const root = path.resolve(appDir, config.root ?? fromPackage.root ?? "src");
  const generated = path.resolve(
    appDir,
    config.generated ?? fromPackage.output ?? path.join(root, "errand.gen.ts"),
  );
  return { root, generated };
}

function readPackageField(appDir: string): { root?: string; output?: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path.join(appDir, "package.json"), "utf8"));
  } catch {
    // No package.json, or one codegen itself will report as broken: the defaults apply here.
    return {};
  }
  const field = (json as { errand?: unknown } | null)?.errand;
  if (typeof field !== "object" || field === null) return {};
  const { root, output } = field as Record<string, unknown>;
  return {
    ...(typeof root === "string" ? { root } : {}),
    ...(typeof output === "string" ? { output } : {}),
  };
}
