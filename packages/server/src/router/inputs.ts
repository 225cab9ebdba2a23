import {
  type AnyTriggerRequest,
  type inferTaskNames,
  type ListTasksQuery,
  TASK_STATUSES,
  TaskError,
  TaskErrorCode,
  type TaskRegistry,
  type UpdateTaskPatch,
} from "@errand/core";
import { z } from "zod";

/*
 * Inputs core validates itself (a task's input and options, list queries, update patches) are only
 * checked for their outer shape here, then passed on: validating twice would double the cost of the
 * hottest path (trigger) and could disagree with core. The static types are what the client sees.
 */

const taskId = z.string().min(1).max(64);

export const idInput = z.object({ id: taskId });
export const abortInput = z.object({ id: taskId, reason: z.string().max(1_000).optional() });
export const logsInput = z.object({ id: taskId, limit: z.number().int().min(1).max(10_000).optional() });

/** Sent back by tRPC's subscription link when it reconnects: the id of the last event received. */
const lastEventId = z.string().max(200).optional();

export const watchInput = z.union([
  z.object({ id: taskId, lastEventId }).strict(),
  z
    .object({
      filter: z
        .object({
          name: z.string().max(200).optional(),
          status: z.enum(TASK_STATUSES).optional(),
          parentId: taskId.optional(),
          /** How many of the newest matching tasks are watched. Default 100. */
          limit: z.number().int().min(1).max(1_000).optional(),
        })
        .strict(),
      lastEventId,
    })
    .strict(),
]);
export type WatchInput = z.infer<typeof watchInput>;

const triggerShape = z.object({
  name: z.string(),
  input: z.unknown(),
  options: z.looseObject({}).optional(),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isTriggerShaped = (raw: unknown) => isRecord(raw) && typeof raw.name === "string";

/** The trigger union over the registry: `input` is typed per `name`. */
export function parseTriggerRequest<TRegistry extends TaskRegistry>(
  raw: unknown,
): AnyTriggerRequest<TRegistry> {
  if (!isTriggerShaped(raw)) triggerShape.parse(raw); // throws the ZodError that says what is wrong
  return raw as AnyTriggerRequest<TRegistry>;
}

export function triggerManyParser<TRegistry extends TaskRegistry>(maxBatchSize: number) {
  return (raw: unknown): AnyTriggerRequest<TRegistry>[] => {
    if (!Array.isArray(raw) || !raw.every(isTriggerShaped)) z.array(triggerShape).parse(raw);
    const requests = raw as unknown[];
    if (requests.length > maxBatchSize) {
      throw new TaskError(
        TaskErrorCode.VALIDATION,
        `triggerMany takes at most ${maxBatchSize} requests, got ${requests.length}; split the batch.`,
        { data: { maxBatchSize, received: requests.length } },
      );
    }
    return requests as AnyTriggerRequest<TRegistry>[];
  };
}

export type TasksListQuery<TRegistry extends TaskRegistry> = Omit<ListTasksQuery, "name"> & {
  name?: inferTaskNames<TRegistry>;
};

export function parseListQuery<TRegistry extends TaskRegistry>(
  raw: unknown,
): TasksListQuery<TRegistry> | undefined {
  return raw as TasksListQuery<TRegistry> | undefined;
}

const updateShape = z.object({ id: taskId, patch: z.looseObject({}) });

export function parseUpdate(raw: unknown): { id: string; patch: UpdateTaskPatch } {
  updateShape.parse(raw);
  return raw as { id: string; patch: UpdateTaskPatch };
}
