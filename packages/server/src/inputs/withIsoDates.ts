import type { AnyTaskDefinition, Result, UpdateTaskPatch } from "@errand/core";
import { acceptIsoDates } from "./acceptIsoDates.js";

/** What these need of an errand (any registry). */
interface DefinitionsOf {
  readonly definitions: ReadonlyMap<string, AnyTaskDefinition>;
}
interface TasksOf extends DefinitionsOf {
  readonly tasks: { get(id: string): Promise<Result<{ name: string }, unknown>> };
}

/** A trigger request with ISO strings turned into Dates where its task's schema wants a date. */
export function withIsoDates<TRequest extends { name: string; input?: unknown }>(
  errand: DefinitionsOf,
  request: TRequest,
): TRequest {
  const definition = errand.definitions.get(request.name);
  if (!definition) return request; // core reports the unknown name
  const input = acceptIsoDates(definition.input, request.input);
  return input === request.input ? request : { ...request, input };
}

/**
 * The same for an update's new input. The schema is the stored task's, so it costs one read, and
 * only for a patch that carries an input.
 */
export async function patchWithIsoDates(
  errand: TasksOf,
  id: string,
  patch: UpdateTaskPatch,
): Promise<UpdateTaskPatch> {
  if (patch.input === undefined) return patch;
  const task = await errand.tasks.get(id);
  if (task.isFail()) return patch; // core's update reports it
  const { input } = withIsoDates(errand, { name: task.value.name, input: patch.input });
  return input === patch.input ? patch : { ...patch, input };
}
