import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app lives in src/app and is built into dist/client, which the Node handler serves.
export default defineConfig({
  root: fileURLToPath(new URL("./src/app", import.meta.url)),
  // Relative asset URLs: the handler sets <base href> to wherever the dashboard is mounted.
  base: "./",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist/client", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1_000,
  },
  logLevel: "warn",
});
