import { defineConfig } from "@errand/cli";

// Every value here is the default: an app without this file behaves the same. It is spelled out
// so you can see what the `errand` command assumes. Paths are relative to this file.
export default defineConfig({
  // Where `errand codegen` looks for exported defineTask calls...
  root: "src",
  // ...and the typed registry it writes, which `errand dev/serve/runner/trigger` import.
  generated: "src/errand.gen.ts",
  // ERRAND_DATABASE_URL=postgres://... overrides this; `--db` overrides both.
  store: { sqlite: ".errand/errand.db" },
  // Where `errand serve` and `errand dev` listen, and where the other commands find them.
  port: 3030,
  host: "127.0.0.1",
});
