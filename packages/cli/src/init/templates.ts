// What `errand init` writes. Each file is a working starting point, not a placeholder.

export const CONFIG_FILE = "errand.config.ts";
export const TASK_FILE = "src/tasks/hello.ts";
export const TSCONFIG_FILE = "tsconfig.json";
/** Where the scaffolded config points codegen; `errand init` generates the registry there. */
export const SCAFFOLD_PATHS = { root: "src", generated: "src/errand.gen.ts" } as const;

export const configTemplate = `import { defineConfig } from "@errand/cli";

// \`npm run build\` compiles this file to dist/errand.config.js beside the compiled tasks, and
// \`npm start\` runs that copy: plain JavaScript, no TypeScript loader in production.
const built = import.meta.url.endsWith(".js");

export default defineConfig({
  // Where \`errand codegen\` looks for exported defineTask calls, and the typed registry it writes
  // (which \`errand dev/serve/runner/trigger\` import). Paths are relative to this file.
  root: "src",
  generated: built ? "src/errand.gen.js" : "src/errand.gen.ts",
  // ERRAND_DATABASE_URL=postgres://... overrides this; \`--db\` overrides both.
  store: { sqlite: built ? "../.errand/errand.db" : ".errand/errand.db" },
  port: 3030,
});
`;

export const taskTemplate = `import { defineTask } from "@errand/core";
import { z } from "zod";

/** Try it: \`npx errand trigger hello --input '{"name":"Ada"}' --follow\` while \`npm run dev\` runs. */
export const hello = defineTask({
  name: "hello",
  input: z.object({ name: z.string().min(1) }),
  async run({ input, controller, logger }) {
    logger.info(\`greeting \${input.name}\`);
    return controller.success({ greeting: \`Hello, \${input.name}!\` });
  },
});
`;

export const tsconfigTemplate = `${JSON.stringify(
  {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      rootDir: ".",
      outDir: "dist",
    },
    include: ["src", CONFIG_FILE],
  },
  null,
  2,
)}\n`;

/** Added to package.json's scripts when the app has no script of that name. */
export const scripts: Readonly<Record<string, string>> = {
  dev: "errand dev",
  codegen: "errand codegen",
  prebuild: "errand codegen",
  build: "tsc",
  check: "errand codegen --check && tsc --noEmit",
  start: "errand serve --runner --config dist/errand.config.js",
};

/** Lines .gitignore must have: the SQLite store and the compiled app. */
export const ignored = [".errand/", "dist/", "node_modules/"];
