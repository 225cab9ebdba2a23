import { TRPCClientError } from "@trpc/client";

export interface FieldIssue {
  path: string;
  message: string;
}

/** The issues of a BAD_REQUEST from the tasks router (zod's, relative to the task's input). */
export function issuesOf(error: unknown): FieldIssue[] {
  if (!(error instanceof TRPCClientError)) return [];
  const issues = (error.data as { issues?: { path?: PropertyKey[]; message: string }[] } | undefined)?.issues;
  return (issues ?? []).map((issue) => ({
    path: (issue.path ?? []).map(String).join("."),
    message: issue.message,
  }));
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** "forbidden" for a refusal by `authorize`, so views can say so instead of showing an error. */
export function isForbidden(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const code = (error.data as { code?: string } | undefined)?.code;
  return code === "FORBIDDEN" || code === "UNAUTHORIZED";
}
