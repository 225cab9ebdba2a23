import { Cron } from "croner";

/**
 * What is wrong with a cron and time zone, or null when croner reads them: the one check that
 * `createErrand` and codegen (at file:line) both apply.
 */
export function cronProblem(cron: string, timezone = "UTC"): string | null {
  if (!isTimeZone(timezone)) {
    return `unknown time zone ${JSON.stringify(timezone)}; use an IANA name such as "Europe/Berlin" or "UTC"`;
  }
  const fields = cron.trim().split(/\s+/).length;
  if (!cron.trim().startsWith("@") && fields !== 5 && fields !== 6) {
    return `cron ${JSON.stringify(cron)} has ${fields} fields; give 5 (minute hour day month weekday) or 6 (seconds first)`;
  }
  try {
    new Cron(cron, { timezone, paused: true, mode: "5-or-6-parts" });
    return null;
  } catch (error) {
    return `cron ${JSON.stringify(cron)} does not parse: ${(error as Error).message}`;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
