import { compareStrings } from "./order.js";
import { relativePosix } from "./paths.js";

/** Every problem the codegen reports has one of these codes. */
export const problemCodes = {
  duplicateName: "duplicate-name",
  nameNotLiteral: "name-not-literal",
  invalidName: "invalid-name",
  notExported: "not-exported",
  invalidSchedule: "invalid-schedule",
  parseError: "parse-error",
  outsideInclude: "outside-include",
  invalidConfig: "invalid-config",
  ioError: "io-error",
} as const;

export type ProblemCode = (typeof problemCodes)[keyof typeof problemCodes];

/** A finding at a source position. `file` is absolute; line and column are 1-based. */
export type Problem = {
  code: ProblemCode;
  severity: "error" | "warning";
  file: string;
  line: number;
  column: number;
  message: string;
  /** One line telling the user what to change. */
  fix: string;
};

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}

/** Orders by file, then position, then code, so reports are stable run to run. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.message, b.message),
  );
}

/** `src/a.ts:3:9 error duplicate-name: <message>` and an indented `fix:` line. */
export function formatProblem(problem: Problem, cwd: string): string {
  const file = relativePosix(cwd, problem.file) || ".";
  return `${file}:${problem.line}:${problem.column} ${problem.severity} ${problem.code}: ${problem.message}\n  fix: ${problem.fix}`;
}

/** File system failures are reported, not thrown: they are the environment's fault, not a bug. */
export function ioProblem(file: string, doing: string, error: unknown): Problem {
  return {
    code: problemCodes.ioError,
    severity: "error",
    file,
    line: 1,
    column: 1,
    message: `cannot ${doing}: ${(error as Error).message}`,
    fix: "check that the path exists and its permissions allow it",
  };
}
