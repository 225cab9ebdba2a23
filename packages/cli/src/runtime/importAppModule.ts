import { pathToFileURL } from "node:url";
import { runsFromSource } from "./self.js";

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;
let typescriptLoader: Promise<void> | undefined;

/**
 * Imports one of the app's modules (errand.config, the generated registry). A TypeScript file
 * registers tsx first, once; a JavaScript file is a plain `import()`, so an app compiled to JS
 * (errand.config.js pointing at the built registry) runs with no TypeScript loader at all.
 */
export async function importAppModule(file: string): Promise<Record<string, unknown>> {
  if (TYPESCRIPT_FILE.test(file) && !runsFromSource) {
    typescriptLoader ??= import("tsx/esm/api").then(({ register }) => {
      register();
    });
    await typescriptLoader;
  }
  return import(pathToFileURL(file).href);
}
