import { TaskError, TaskErrorCode } from "../errors/taskError.js";
import { Result } from "../result.js";
import type { StoreScope } from "../store/store.js";
import type { ErrandRuntime } from "./runtime.js";

export interface TriggerCall {
  request: { name: unknown; input: unknown; options?: unknown };
  scope: StoreScope | undefined;
}

/**
 * `trigger`'s two forms as one request: `trigger({ name, input, options? }, scope?)` and
 * `trigger(definition, input, options?, scope?)`. A definition must be the one this errand
 * registered under its name: another object of the same name may carry another schema.
 */
export function triggerCall(
  runtime: ErrandRuntime,
  args: readonly unknown[],
): Result<TriggerCall, TaskError> {
  const [first] = args;
  if (!isDefinition(first)) {
    return Result.ok({ request: first as TriggerCall["request"], scope: args[1] as StoreScope | undefined });
  }
  if (runtime.definitions.get(first.name) !== first) {
    const known = [...runtime.definitions.keys()].sort();
    return Result.fail(
      new TaskError(
        TaskErrorCode.UNKNOWN_TASK,
        `The definition of "${first.name}" given to trigger is not registered with this errand; add it to the tasks of createErrand (run \`errand codegen\`). Known tasks: ${known.join(", ") || "(none)"}.`,
        { data: { name: first.name, known } },
      ),
    );
  }
  return Result.ok({
    request: { name: first.name, input: args[1], options: args[2] },
    scope: args[3] as StoreScope | undefined,
  });
}

function isDefinition(value: unknown): value is { name: string; run: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { run?: unknown }).run === "function" &&
    typeof (value as { name?: unknown }).name === "string"
  );
}
