/** Task names are identifiers in URLs, CLI arguments and generated code, so keep them plain. */
export const TASK_NAME_PATTERN = /^[A-Za-z][\w.-]*$/;

export function isValidTaskName(name: string): boolean {
  return TASK_NAME_PATTERN.test(name) && name.length <= 200;
}
