/** What the Node handler writes into the page (see src/server/indexHtml.ts). */
export interface DashboardConfig {
  /** The tRPC endpoint whose router has the tasks router under `tasks`. */
  trpcUrl: string;
  /** Where the dashboard is mounted, "" for the root. */
  basePath: string;
}

export function readConfig(): DashboardConfig {
  const text = document.getElementById("errand-dashboard-config")?.textContent;
  if (text) return JSON.parse(text) as DashboardConfig;
  // `vite` (dev server) serves the page without the handler: talk to a local `errand dev`.
  return { trpcUrl: import.meta.env.VITE_ERRAND_TRPC_URL ?? "http://127.0.0.1:3030", basePath: "" };
}

/** The absolute endpoint URL, without a trailing slash (tRPC appends "/tasks.list"). */
export function endpointUrl(trpcUrl: string): string {
  return new URL(trpcUrl, window.location.origin).href.replace(/\/+$/, "");
}
