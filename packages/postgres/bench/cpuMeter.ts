import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time used by the local Postgres server so far, in ms: its live processes plus what the
 * postmaster has collected from backends that exited (cutime/cstime). Wall-clock throughput on a
 * shared machine says as much about the neighbours as about the code; CPU per task does not.
 * Null when the server is not a local Linux process this user can read.
 */
export function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(")");
      if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
      // Fields after the command: state is field 3; utime 14, stime 15, cutime 16, cstime 17.
      const fields = stat.slice(close + 2).split(" ");
      const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
      total += utime! + stime! + cutime! + cstime!;
      found = true;
    }
  } catch {
    return null;
  }
  return found ? (total * 1000) / 100 : null;
}

/** Runner processes report their own CPU time on exit, on one line that starts with this tag. */
export const CPU_TAG = "cpu-ms:";
/** The line a runner process prints its claim timings on (`claimTimes`). */
export const CLAIMS_TAG = "claims:";

/** The line a runner process started with `together` prints once it is ready to claim. */
export const READY_TAG = "ready";

/** `since`: a `process.cpuUsage()` taken earlier, to leave out what came before it (start-up). */
export function reportOwnCpu(since?: NodeJS.CpuUsage): void {
  const { user, system } = process.cpuUsage(since);
  process.stdout.write(`${CPU_TAG}${(user + system) / 1000}\n`);
}
