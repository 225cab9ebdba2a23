import { cronProblem } from "@errand/core";
import { ts } from "ts-morph";
import { type Problem, problemCodes } from "./problems.js";

type Unplaced = Omit<Problem, "file" | "line" | "column"> & { node: ts.Node };

/**
 * Checks the literal crons of a definition's `schedule` (one object or an array of them) with core's
 * own check, so a cron that would fail `createErrand` fails the build, at its line. A cron or time
 * zone that is not a string literal is left to `createErrand`.
 */
export function scheduleCronProblems(call: ts.CallExpression, sourceFile: ts.SourceFile): Unplaced[] {
  const definition = call.arguments[0];
  if (definition === undefined || !ts.isObjectLiteralExpression(definition)) return [];
  const schedule = lastProperty(definition, "schedule", sourceFile);
  if (schedule === undefined) return [];
  const entries = ts.isArrayLiteralExpression(schedule) ? [...schedule.elements] : [schedule];
  const problems: Unplaced[] = [];
  for (const entry of entries) {
    if (!ts.isObjectLiteralExpression(entry)) continue;
    const cron = lastProperty(entry, "cron", sourceFile);
    const timezone = lastProperty(entry, "timezone", sourceFile);
    const cronText = literalText(cron);
    if (cron === undefined || cronText === undefined) continue;
    const zoneText = timezone === undefined ? "UTC" : literalText(timezone);
    if (zoneText === undefined) continue;
    const problem = cronProblem(cronText, zoneText);
    if (problem === null) continue;
    problems.push({
      code: problemCodes.invalidSchedule,
      severity: "error",
      node: problem.startsWith("unknown time zone") ? timezone! : cron,
      message: problem,
      fix: 'write 5 fields (minute hour day month weekday) or 6 with seconds first, e.g. "0 3 * * *", in an IANA time zone',
    });
  }
  return problems;
}

function lastProperty(
  object: ts.ObjectLiteralExpression,
  name: string,
  sourceFile: ts.SourceFile,
): ts.Expression | undefined {
  // With duplicate keys the last one wins at runtime.
  const property = object.properties.findLast(
    (p) => ts.isPropertyAssignment(p) && p.name.getText(sourceFile).replace(/^["']|["']$/g, "") === name,
  );
  return property !== undefined && ts.isPropertyAssignment(property) ? property.initializer : undefined;
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined;
}
