import type { Store } from "../store/store.js";
import { insertedId } from "../store/transitions.js";
import type { ChangeFeed } from "./changeFeed.js";

/**
 * `store` with every write reported to `feed` once it resolved: the in-process half of the change
 * feed. It only looks at what the Store contract returns, so it holds for any store. Heartbeats
 * are not reported: they move a lease, nothing a reader shows.
 */
export function observedStore(store: Store, feed: ChangeFeed): Store {
  const changed = (ids: readonly string[]) => feed.emit({ type: "tasks", ids });
  const changedIf = (ok: boolean, id: string) => {
    if (ok) changed([id]);
  };
  const observed: Store = {
    init: () => store.init(),
    close: () => store.close(),
    get: (id) => store.get(id),
    list: (query) => store.list(query),
    stats: () => store.stats(),
    logs: (taskId, options) => store.logs(taskId, options),
    attempts: (taskId) => store.attempts(taskId),
    heartbeat: (request) => store.heartbeat(request),
    scheduleTicks: () => store.scheduleTicks(),
    recordScheduleTick: (tick, now) => store.recordScheduleTick(tick, now),
    // Pausing changes no task's row; readers that show it (stats) re-read on their own.
    pause: (name, now) => store.pause(name, now),
    resume: (name) => store.resume(name),
    pausedNames: () => store.pausedNames(),

    async insert(rows, scope) {
      const inserted = await store.insert(rows, scope);
      const ids: string[] = [];
      for (const [i, result] of inserted.entries()) {
        if (result.created || result.replaced) ids.push(insertedId(result, rows[i]!));
      }
      changed(ids);
      return inserted;
    },
    async updatePending(id, patch, now) {
      const result = await store.updatePending(id, patch, now);
      changedIf(result.result === "ok", id);
      return result;
    },
    async delete(id) {
      const result = await store.delete(id);
      changedIf(result.result === "ok", id);
      return result;
    },
    async requestAbort(id, error, now) {
      const result = await store.requestAbort(id, error, now);
      changedIf(result.result === "aborted" || result.result === "requested", id);
      return result;
    },
    async retry(id, now) {
      const result = await store.retry(id, now);
      changedIf(result.result === "ok", id);
      return result;
    },
    async claim(request) {
      const claimed = await store.claim(request);
      changed(claimed.map((row) => row.id));
      return claimed;
    },
    async settle(settlements, now, abortedError) {
      const applied = await store.settle(settlements, now, abortedError);
      changed(settlements.filter((_, i) => applied[i]).map((settlement) => settlement.id));
      return applied;
    },
    async setStatus(write) {
      const written = await store.setStatus(write);
      changedIf(written, write.id);
      return written;
    },
    async releaseExpired(request) {
      const released = await store.releaseExpired(request);
      if (released > 0) feed.emit({ type: "unknown" });
      return released;
    },
    async appendLogs(entries) {
      await store.appendLogs(entries);
      feed.emit({ type: "logs", ids: [...new Set(entries.map((entry) => entry.taskId))] });
    },
  };
  if (store.settleAndClaim) {
    const settleAndClaim = store.settleAndClaim.bind(store);
    observed.settleAndClaim = async (settlements, now, abortedError, claim) => {
      const written = await settleAndClaim(settlements, now, abortedError, claim);
      const ids = settlements.filter((_, i) => written.applied[i]).map((settlement) => settlement.id);
      for (const row of written.claimed) ids.push(row.id);
      changed(ids);
      return written;
    };
  }
  if (store.insertStream) {
    const insertStream = store.insertStream.bind(store);
    observed.insertStream = async (chunks, scope) => {
      // Every row of a stream is created (Store's rules): the ids seen are the ids stored.
      const ids: string[] = [];
      async function* seen() {
        for await (const chunk of chunks) {
          for (const row of chunk) ids.push(row.id);
          yield chunk;
        }
      }
      await insertStream(seen(), scope);
      changed(ids);
    };
  }
  if (store.subscribe) observed.subscribe = (onTasksAvailable) => store.subscribe!(onTasksAvailable);
  if (store.watchChanges) observed.watchChanges = (listener) => store.watchChanges!(listener);
  return observed;
}
