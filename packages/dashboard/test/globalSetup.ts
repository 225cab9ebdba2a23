import { ensureDashboardBuilt } from "./ensureBuilt.js";

/** Vitest global setup (see the root vitest.config.ts): the dashboard's assets exist before any test. */
export default function setup(): void {
  ensureDashboardBuilt();
}
