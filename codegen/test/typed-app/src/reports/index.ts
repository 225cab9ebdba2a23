// Re-exported for the app's own use; the registry imports from the defining module.
export { monthlyReport } from "./monthly.js";
