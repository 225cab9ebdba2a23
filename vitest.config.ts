import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Workspace packages resolve to their sources through their package.json `exports` (the
    // tarballs get dist through publishConfig.exports), so tests need no build.
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "codegen/test/**/*.test.ts",
      "codegen/src/**/*.test.ts",
      "examples/*/test/**/*.test.ts",
    ],
    // Builds the dashboard's assets when missing or stale (servers started with it on serve them),
    // then, once that build is done, fails the run if a test wrote into the repository.
    globalSetup: ["./packages/dashboard/test/globalSetup.ts", "./vitest.repoWrites.ts"],
    // Caps, not expectations: tests wait on conditions, and on a loaded machine the ones that start
    // processes (CLI, runners) can take many times their usual time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
