import type { ClaimLimits, LimitUsage } from "../store/claimRules.js";
import {
  ClaimBudget,
  concurrencyGroup,
  hasLimits,
  limitedNames,
  rateHistoryHorizon,
  rateStarts,
} from "../store/claimRules.js";
import { changedRow, copyRow } from "../store/rowCopy.js";
import type {
  AbortResult,
  AttemptRow,
  ClaimRequest,
  HeartbeatRequest,
  HeartbeatResult,
  InsertResult,
  ListPage,
  ListQuery,
  LogEntry,
  MutationResult,
  NewTaskRow,
  PendingPatch,
  ReleaseExpiredRequest,
  ScheduleTick,
  Settlement,
  StatsRow,
  StatusWrite,
  TaskRow,
} from "../store/rows.js";
import type { Store } from "../store/store.js";
import {
  abortedRow,
  allows,
  CREATED,
  claimedRow,
  compareForClaim,
  debouncedRow,
  endedAttempt,
  expiredRow,
  heartbeatRow,
  isClaimable,
  isDebounceTarget,
  isExpired,
  leaseHeldBy,
  leaseOf,
  newRow,
  retriedRow,
  settledRow,
  updatedRow,
} from "../store/transitions.js";

/**
 * A store in this process's memory: for unit tests of apps and for trying errand out. Nothing
 * survives a restart. Rows are copied in and out so callers can never mutate stored state.
 */
export function memoryStore(): Store {
  const rows = new Map<string, TaskRow>();
  const idempotency = new Map<string, string>();
  const logs = new Map<string, LogEntry[]>();
  const attempts = new Map<string, AttemptRow[]>();
  const paused = new Set<string>();
  /** Claim times per rate group, oldest first (claimRules.ts). */
  const starts = new Map<string, number[]>();
  const keepAttempt = (entry: AttemptRow | null) => {
    if (!entry) return;
    const list = attempts.get(entry.taskId) ?? [];
    list.push(entry);
    attempts.set(entry.taskId, list);
  };
  const scheduleTicks = new Map<string, ScheduleTick>();
  const keyOf = (name: string, key: string) => `${name}\u0000${key}`;
  const copy = copyRow;
  const found = (id: string) => rows.get(id);

  const usage = (limits: ClaimLimits, request: ClaimRequest): LimitUsage => {
    const limited = limitedNames(limits, request.names);
    const concurrent = new Set(limited.concurrency);
    const running = new Map<string, number>();
    for (const row of rows.values()) {
      if (row.status !== "running" || !concurrent.has(row.name)) continue;
      const group = concurrencyGroup(row);
      running.set(group, (running.get(group) ?? 0) + 1);
    }
    const started = new Map<string, number>();
    const periods = new Map(limited.rate.map((rate) => [rate.name, rate.periodMs]));
    for (const [group, times] of starts) {
      const periodMs = periods.get(group.split(" ", 1)[0]!);
      if (periodMs === undefined) continue;
      const horizon = rateHistoryHorizon(request.now, periodMs);
      while (times.length > 0 && times[0]! <= horizon) times.shift();
      started.set(group, times.filter((at) => at > request.now - periodMs).length);
    }
    return { running, started };
  };

  return {
    async init() {},

    async scheduleTicks() {
      return [...scheduleTicks.values()].map((tick) => ({ ...tick }));
    },
    async recordScheduleTick(tick) {
      const key = keyOf(tick.name, tick.scheduleKey);
      const stored = scheduleTicks.get(key);
      if (!stored || stored.tick < tick.tick) scheduleTicks.set(key, { ...tick });
    },
    async close() {},

    async insert(newRows: readonly NewTaskRow[]): Promise<InsertResult[]> {
      const results: InsertResult[] = [];
      const staged = new Map<string, TaskRow>();
      const stagedKeys = new Map<string, string>();
      const replaced = new Map<string, Partial<TaskRow>>();
      for (const candidate of newRows) {
        if (rows.has(candidate.id) || staged.has(candidate.id)) {
          throw new Error(`memoryStore: duplicate task id ${candidate.id}`);
        }
        if (candidate.debounceKey !== null) {
          const target = [...staged.values(), ...rows.values()].find((row) =>
            isDebounceTarget(row, candidate),
          );
          if (target) {
            const change = { ...replaced.get(target.id), ...debouncedRow(candidate) };
            replaced.set(target.id, change);
            results.push({ row: changedRow(target, change), created: false, replaced: true });
            continue;
          }
        }
        if (candidate.idempotencyKey !== null) {
          const key = keyOf(candidate.name, candidate.idempotencyKey);
          const existingId = idempotency.get(key) ?? stagedKeys.get(key);
          if (existingId !== undefined) {
            const existing = rows.get(existingId) ?? staged.get(existingId)!;
            results.push({ row: copy(existing), created: false });
            continue;
          }
          stagedKeys.set(key, candidate.id);
        }
        const row = newRow(candidate);
        staged.set(row.id, row);
        results.push(CREATED);
      }
      for (const [id, row] of staged) rows.set(id, row);
      for (const [id, change] of replaced) Object.assign(rows.get(id) ?? staged.get(id)!, change);
      for (const [key, id] of stagedKeys) idempotency.set(key, id);
      return results;
    },

    async get(id) {
      const row = found(id);
      return row ? copy(row) : null;
    },

    async attempts(taskId) {
      return (attempts.get(taskId) ?? []).map((entry) => ({ ...entry }));
    },

    async list(query: ListQuery): Promise<ListPage> {
      const matching = [...rows.values()]
        .filter(
          (row) =>
            (query.name === undefined || row.name === query.name) &&
            (query.status === undefined || row.status === query.status) &&
            (query.parentId === undefined || row.parentId === query.parentId) &&
            (query.createdFrom === undefined || row.createdAt >= query.createdFrom) &&
            (query.createdTo === undefined || row.createdAt <= query.createdTo) &&
            (query.cursor === undefined || row.id < query.cursor),
        )
        .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      const page = matching.slice(0, query.limit).map(copy);
      const nextCursor = matching.length > query.limit ? page[page.length - 1]!.id : null;
      return { rows: page, nextCursor };
    },

    async stats(): Promise<StatsRow[]> {
      const counts = new Map<string, StatsRow>();
      for (const row of rows.values()) {
        const key = `${row.name}\u0000${row.status}`;
        const entry = counts.get(key) ?? { name: row.name, status: row.status, count: 0 };
        entry.count += 1;
        counts.set(key, entry);
      }
      return [...counts.values()];
    },

    async updatePending(id: string, patch: PendingPatch, now: number): Promise<MutationResult> {
      const row = found(id);
      if (!row) return { result: "not_found" };
      if (!allows("update", row.status)) return { result: "conflict", status: row.status };
      Object.assign(row, updatedRow(patch, now));
      return { result: "ok", row: copy(row) };
    },

    async delete(id: string): Promise<MutationResult> {
      const row = found(id);
      if (!row) return { result: "not_found" };
      if (!allows("delete", row.status)) return { result: "conflict", status: row.status };
      rows.delete(id);
      if (row.idempotencyKey !== null) idempotency.delete(keyOf(row.name, row.idempotencyKey));
      logs.delete(id);
      attempts.delete(id);
      return { result: "ok", row: copy(row) };
    },

    async requestAbort(id: string, error: string, now: number): Promise<AbortResult> {
      const row = found(id);
      if (!row) return { result: "not_found" };
      if (!allows("abort", row.status)) return { result: "conflict", status: row.status };
      const result = row.status === "pending" ? "aborted" : "requested";
      Object.assign(row, abortedRow(row, error, now));
      return { result, row: copy(row) };
    },

    async retry(id: string, now: number): Promise<MutationResult> {
      const row = found(id);
      if (!row) return { result: "not_found" };
      if (!allows("retry", row.status)) return { result: "conflict", status: row.status };
      Object.assign(row, retriedRow(now));
      return { result: "ok", row: copy(row) };
    },

    async claim(request: ClaimRequest): Promise<TaskRow[]> {
      const names = request.names ? new Set(request.names) : null;
      const candidates = [...rows.values()]
        .filter((row) => isClaimable(row, request.now, names) && !paused.has(row.name))
        .sort(compareForClaim);
      const limits = request.limits ?? {};
      let due: TaskRow[];
      if (hasLimits(limits, request.names)) {
        const budget = new ClaimBudget(limits, usage(limits, request));
        due = [];
        for (const row of candidates) {
          if (due.length === request.limit) break;
          if (budget.take(row)) due.push(row);
        }
        for (const { group } of rateStarts(limits, due)) {
          const times = starts.get(group) ?? [];
          times.push(request.now);
          starts.set(group, times);
        }
      } else {
        due = candidates.slice(0, request.limit);
      }
      for (const row of due) Object.assign(row, claimedRow(row, request));
      return due.map(copy);
    },

    async pause(name: string) {
      paused.add(name);
    },
    async resume(name: string) {
      paused.delete(name);
    },
    async pausedNames() {
      return [...paused].sort();
    },

    async heartbeat(request: HeartbeatRequest): Promise<HeartbeatResult> {
      const result: HeartbeatResult = { lost: [], abortRequested: [] };
      for (const lease of request.leases) {
        const row = found(lease.id);
        if (!row || !leaseHeldBy(row, { runnerId: request.runnerId, leaseNumber: lease.leaseNumber })) {
          result.lost.push({ id: lease.id, leaseNumber: lease.leaseNumber });
          continue;
        }
        Object.assign(row, heartbeatRow(request));
        if (row.abortRequestedAt !== null) result.abortRequested.push(leaseOf(row));
      }
      return result;
    },

    async settle(settlements: readonly Settlement[], now: number, abortedError: string): Promise<boolean[]> {
      return settlements.map((settlement) => {
        const row = found(settlement.id);
        if (!row || !leaseHeldBy(row, settlement)) return false;
        const before = copy(row);
        Object.assign(row, settledRow(row, settlement.outcome, now, abortedError));
        keepAttempt(endedAttempt(before, row, settlement.outcome.type));
        return true;
      });
    },

    // One step, as SQLite does it: so the runner's claim-ahead path runs in every in-process test.
    async settleAndClaim(settlements, now, abortedError, claim) {
      const applied = await this.settle(settlements, now, abortedError);
      return { applied, claimed: await this.claim(claim) };
    },

    async setStatus(write: StatusWrite): Promise<boolean> {
      const row = found(write.id);
      if (!row || !leaseHeldBy(row, write)) return false;
      if (write.progress !== undefined) row.progress = write.progress;
      if (write.message !== undefined) row.statusMessage = write.message;
      row.updatedAt = write.now;
      return true;
    },

    async releaseExpired(request: ReleaseExpiredRequest): Promise<number> {
      let released = 0;
      for (const row of rows.values()) {
        if (!isExpired(row, request.now)) continue;
        released += 1;
        const before = copy(row);
        Object.assign(row, expiredRow(row, request));
        keepAttempt(endedAttempt(before, row, "expired"));
      }
      return released;
    },

    async appendLogs(entries: readonly LogEntry[]) {
      for (const entry of entries) {
        if (!rows.has(entry.taskId)) continue;
        const list = logs.get(entry.taskId) ?? [];
        list.push({ ...entry });
        logs.set(entry.taskId, list);
      }
    },

    async logs(taskId: string, options: { limit?: number } = {}) {
      const list = logs.get(taskId) ?? [];
      return list.slice(0, options.limit ?? list.length).map((entry) => ({ ...entry }));
    },

    // No other process can write here: the errands using this store report every change themselves.
    watchChanges: () => () => {},
  };
}
