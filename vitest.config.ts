import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Workspace packages resolve to their sources (see tsconfig.json paths), so tests need no build.
    alias: {
      "@errand/core/testing": new URL("./packages/core/src/testing/index.ts", import.meta.url).pathname,
      "@errand/core": new URL("./packages/core/src/index.ts", import.meta.url).pathname,
      "@errand/sqlite": new URL("./packages/sqlite/src/index.ts", import.meta.url).pathname,
      "@errand/postgres": new URL("./packages/postgres/src/index.ts", import.meta.url).pathname,
      "@errand/server": new URL("./packages/server/src/index.ts", import.meta.url).pathname,
      "@errand/client": new URL("./packages/client/src/index.ts", import.meta.url).pathname,
      "@errand/codegen": new URL("./codegen/src/index.ts", import.meta.url).pathname,
      "@errand/cli": new URL("./packages/cli/src/index.ts", import.meta.url).pathname,
      "@errand/dashboard": new URL("./packages/dashboard/src/server/index.ts", import.meta.url).pathname,
    },
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "codegen/test/**/*.test.ts",
      "codegen/src/**/*.test.ts",
      "examples/*/test/**/*.test.ts",
    ],
    // Builds the dashboard's assets when missing or stale: servers started with it on serve them.
    globalSetup: ["./packages/dashboard/test/globalSetup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
