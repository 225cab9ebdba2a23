import type { TaskRecord } from "@errand/core";
import { toTRPCError } from "../errors/toTRPCError.js";
import { statesOf } from "./sharedView.js";
import { FINISHED_STATUSES, type TaskWatchEvent } from "./watchEvent.js";
import type { WatchHub } from "./watchHub.js";

/** An event and the id it is sent with (tRPC `tracked()`). */
export type IdentifiedEvent = [id: string, event: TaskWatchEvent<TaskRecord>];

const REMOVED_ID = "removed";

/**
 * One task's changes: its current state first, then each new one, ending after it finishes or is
 * deleted. The event id names the state, so a client that reconnects with the id of what it last
 * got is sent nothing until the task changes again, whichever server process it reaches.
 */
export async function* watchTask(
  hub: WatchHub,
  id: string,
  lastEventId: string | undefined,
  signal: AbortSignal,
): AsyncGenerator<IdentifiedEvent> {
  const view = hub.taskView(id);
  try {
    let sentId = lastEventId;
    for await (const state of statesOf(view, signal)) {
      if (state.kind === "failed") throw toTRPCError(state.error);
      if (state.kind === "missing") {
        if (sentId === undefined) throw toTRPCError(state.error);
        if (sentId !== REMOVED_ID) yield [REMOVED_ID, { type: "removed", id }];
        return;
      }
      if (state.stateId !== sentId) {
        sentId = state.stateId;
        yield [state.stateId, { type: "update", task: state.record }];
      }
      if (FINISHED_STATUSES.has(state.record.status)) return;
    }
  } finally {
    hub.release(view);
  }
}
