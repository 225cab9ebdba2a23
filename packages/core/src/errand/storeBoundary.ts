import { storeError } from "../errors/storeError.js";
import type { Store } from "../store/store.js";

/**
 * The store as core sees it: whatever a method throws or rejects with is what the store driver
 * raised, so it becomes a STORE TaskError here, at the boundary. Anything else that reaches a
 * caller's catch is then errand's own bug (INTERNAL), never mistaken for a store failure.
 */
export function storeBoundary(store: Store): Store {
  const guarded: Record<string, unknown> = {};
  for (const method of STORE_METHODS) {
    const original = store[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    // An optional method the store lacks stays absent: callers test for it.
    if (!original && OPTIONAL.has(method)) continue;
    guarded[method] = async (...args: unknown[]) => {
      try {
        return await original!.apply(store, args);
      } catch (error) {
        throw storeError(method, error);
      }
    };
  }
  if (store.subscribe) guarded.subscribe = store.subscribe.bind(store);
  if (store.watchChanges) guarded.watchChanges = store.watchChanges.bind(store);
  return guarded as unknown as Store;
}

// Subscriptions are synchronous registrations, not calls that reach the driver.
type StoreMethod = Exclude<keyof Store, "subscribe" | "watchChanges">;

// A record, not a list, so a method added to Store is a compile error here until it is guarded.
const GUARDED: Record<StoreMethod, true> = {
  init: true,
  close: true,
  scheduleTicks: true,
  recordScheduleTick: true,
  insert: true,
  insertStream: true,
  get: true,
  list: true,
  stats: true,
  updatePending: true,
  delete: true,
  requestAbort: true,
  retry: true,
  claim: true,
  pause: true,
  resume: true,
  pausedNames: true,
  heartbeat: true,
  settle: true,
  setStatus: true,
  releaseExpired: true,
  appendLogs: true,
  logs: true,
  attempts: true,
  settleAndClaim: true,
};
const OPTIONAL = new Set<StoreMethod>(["settleAndClaim", "insertStream"]);
const STORE_METHODS = Object.keys(GUARDED) as StoreMethod[];
