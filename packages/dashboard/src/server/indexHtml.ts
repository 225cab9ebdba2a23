/** What the app reads at startup from the page (see src/app/config.ts). */
export interface DashboardPageConfig {
  trpcUrl: string;
  basePath: string;
}

const CONFIG_MARK = "<!--errand-dashboard-config-->";

/**
 * index.html with the mount point and the tRPC URL filled in. Vite builds with relative asset
 * URLs; the <base> makes them resolve from the mount point on every route (/tasks/<id> too).
 */
export function renderIndexHtml(template: string, config: DashboardPageConfig): string {
  if (!template.includes(CONFIG_MARK)) {
    throw new Error(`@errand/dashboard: index.html lacks ${CONFIG_MARK}; rebuild the app`);
  }
  // JSON inside <script> must not be able to close the tag.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  const head = `<base href="${escapeAttribute(`${config.basePath}/`)}" />`;
  const script = `<script type="application/json" id="errand-dashboard-config">${json}</script>`;
  return template.replace("<head>", `<head>\n    ${head}`).replace(CONFIG_MARK, script);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
