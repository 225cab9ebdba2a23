import { toTRPCError } from "../errors/toTRPCError.js";
import type { ResumePoints } from "./resumePoints.js";
import { recordSend } from "./resumePoints.js";
import { statesOf } from "./sharedView.js";
import type { IdentifiedEvent } from "./taskWatch.js";
import type { ListFilter, WatchHub } from "./watchHub.js";

/**
 * The newest tasks matching a filter: every task once at first, then each one that changed, and
 * `removed` for one that left the view. Each subscriber diffs the shared view against what it has
 * sent, so a slow client skips states it no longer needs and a resumed one gets only what it missed.
 */
export async function* watchList(
  hub: WatchHub,
  resume: ResumePoints,
  filter: ListFilter,
  lastEventId: string | undefined,
  signal: AbortSignal,
): AsyncGenerator<IdentifiedEvent> {
  const view = hub.listView(filter);
  const ledger = resume.take(lastEventId);
  try {
    for await (const state of statesOf(view, signal)) {
      if (state.kind === "failed") throw toTRPCError(state.error);
      const current = new Set<string>();
      for (const { record, stateId } of state.items) {
        current.add(record.id);
        if (ledger.sent.get(record.id) === stateId) continue;
        yield [recordSend(ledger, record.id, stateId), { type: "update", task: record }];
      }
      for (const id of [...ledger.sent.keys()]) {
        if (!current.has(id)) yield [recordSend(ledger, id, undefined), { type: "removed", id }];
      }
    }
  } finally {
    resume.park(ledger);
    hub.release(view);
  }
}
