import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import type { AnyTaskDefinition } from "../task/definition.js";
import { cronProblem } from "./cronProblem.js";
import { CATCH_UP_MODES, type CatchUp, type ScheduleEntry } from "./scheduleConfig.js";
import { scheduleKeyOf } from "./tickKey.js";

/** Room for the tick's ISO time in a 255-character idempotency key. */
const MAX_KEY_LENGTH = 200;

/**
 * Checks a task's declared schedules and fixes their defaults; a bad one is a bug in the app, so
 * this throws (at `createErrand`) with what is wrong and how to fix it.
 */
export function validateSchedules(definition: AnyTaskDefinition): ScheduleEntry[] {
  const declared = definition.schedules ?? [];
  const entries: ScheduleEntry[] = [];
  for (const [index, schedule] of declared.entries()) {
    const where = `createErrand: task "${definition.name}" schedule${declared.length > 1 ? ` ${index}` : ""}`;
    const bad = (message: string): never => {
      throw new TaskError(TaskErrorCode.VALIDATION, `${where}: ${message}`);
    };
    if (typeof schedule !== "object" || schedule === null) {
      bad('must be an object { cron, input, timezone?, catchUp? }, e.g. { cron: "0 3 * * *", input: {} }');
    }
    const { cron, timezone = "UTC", catchUp = "latest" } = schedule;
    if (typeof cron !== "string")
      bad(`cron must be a string such as "0 3 * * *", got ${JSON.stringify(cron)}`);
    if (typeof timezone !== "string")
      bad(`timezone must be an IANA name such as "Europe/Berlin", got ${JSON.stringify(timezone)}`);
    const problem = cronProblem(cron, timezone);
    if (problem !== null) bad(problem);
    if (!(CATCH_UP_MODES as readonly unknown[]).includes(catchUp)) {
      bad(
        `catchUp must be one of ${CATCH_UP_MODES.map((m) => `"${m}"`).join(", ")}, got ${JSON.stringify(catchUp)}`,
      );
    }
    const parsed = definition.input.safeParse(schedule.input);
    if (!parsed.success) {
      bad(`input does not match the task's input schema: ${parsed.error.issues.map(issueText).join("; ")}`);
    }
    const key = scheduleKeyOf(cron, timezone);
    if (key.length > MAX_KEY_LENGTH)
      bad(`cron and time zone together must be under ${MAX_KEY_LENGTH} characters`);
    if (entries.some((entry) => entry.key === key)) {
      // The key names the schedule's ticks in the store: two alike would share every tick.
      bad(
        `another schedule of this task has the same cron ${JSON.stringify(cron)} in ${timezone}; give each schedule its own cron or time zone`,
      );
    }
    entries.push({ cron: cron.trim(), timezone, input: schedule.input, catchUp: catchUp as CatchUp, key });
  }
  return entries;
}

function issueText(issue: { path: readonly PropertyKey[]; message: string }): string {
  return issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message;
}
