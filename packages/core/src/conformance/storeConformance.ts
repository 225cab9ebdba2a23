import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TaskRow } from "../store/rows.js";
import type { Store } from "../store/store.js";
import { insertedId, newRow } from "../store/transitions.js";
import { serialize } from "../util/serialization.js";
import { orderedRows, type StoreConformanceOptions, type StoreUnderTest, T0, taskRow } from "./fixtures.js";
import { defineInsertStreamConformance } from "./insertStreamConformance.js";
import { defineLeaseConformance } from "./leaseConformance.js";
import { defineLimitsConformance } from "./limitsConformance.js";
import { defineManagementConformance } from "./managementConformance.js";
import { defineScheduleConformance } from "./scheduleConformance.js";
import { defineSettleAndClaimConformance } from "./settleAndClaimConformance.js";
import { defineTransitionConformance } from "./transitionConformance.js";

/**
 * The Store contract as tests: every store runs this suite against real storage.
 * @example
 * defineStoreConformance({ name: "sqlite", open: async () => ({ store, cleanup }) });
 */
export function defineStoreConformance(options: StoreConformanceOptions): void {
  describe(`Store conformance: ${options.name}`, () => {
    const ctx = useStore(options);
    defineInsertConformance(ctx);
    defineInsertStreamConformance(ctx);
    defineClaimConformance(ctx);
    defineLeaseConformance(ctx);
    defineSettleAndClaimConformance(ctx);
    defineManagementConformance(ctx);
    defineTransitionConformance(ctx);
    defineScheduleConformance(ctx);
    defineLimitsConformance(ctx);
  });
}

export interface StoreContext {
  readonly store: Store;
  readonly underTest: StoreUnderTest;
}

function useStore(options: StoreConformanceOptions): StoreContext {
  let current: StoreUnderTest | undefined;
  beforeEach(async () => {
    current = await options.open();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return {
    get store() {
      return current!.store;
    },
    get underTest() {
      return current!;
    },
  };
}

function defineInsertConformance(ctx: StoreContext) {
  describe("insert and read", () => {
    it("keeps every field of a new task, and init can run again", async () => {
      await ctx.store.init();
      const row = taskRow({ input: serialize({ when: new Date(T0), tags: new Set(["a"]) }), priority: 5 });
      const [inserted] = await ctx.store.insert([row]);
      expect(inserted).toEqual({ created: true });
      const stored = await ctx.store.get(row.id);
      // Store's rule: a bulk trigger builds its records as newRow(candidate) without reading back.
      expect(stored).toEqual(newRow(row));
      expect(stored).toEqual({
        ...row,
        status: "pending",
        output: null,
        error: null,
        attempt: 0,
        progress: null,
        statusMessage: null,
        startedAt: null,
        finishedAt: null,
        updatedAt: T0,
        leaseOwner: null,
        leaseExpiresAt: null,
        leaseNumber: 0,
        abortRequestedAt: null,
      });
      const keyed = taskRow({ concurrencyKey: "tenant-1", rateKey: "api" });
      await ctx.store.insert([keyed]);
      expect(await ctx.store.get(keyed.id)).toMatchObject({ concurrencyKey: "tenant-1", rateKey: "api" });
      expect(await ctx.store.get("00000000-0000-7000-8000-000000000000")).toBeNull();
    });

    it("inserts all or nothing: a batch with a duplicate id stores none of it", async () => {
      const first = taskRow();
      await expect(ctx.store.insert([taskRow({ id: first.id }), first])).rejects.toThrow();
      const other = taskRow();
      await expect(ctx.store.insert([other, taskRow({ id: other.id })])).rejects.toThrow();
      expect(await ctx.store.get(other.id)).toBeNull();
      expect((await ctx.store.list({ limit: 10 })).rows).toEqual([]);
    });

    it("returns the existing task for a repeated (name, idempotencyKey), in separate and in one batch", async () => {
      const original = taskRow({ idempotencyKey: "order-1" });
      await ctx.store.insert([original]);
      const [again] = await ctx.store.insert([taskRow({ idempotencyKey: "order-1" })]);
      expect(again).toMatchObject({ created: false, row: { id: original.id } });
      const [otherName] = await ctx.store.insert([taskRow({ name: "other", idempotencyKey: "order-1" })]);
      expect(otherName!.created).toBe(true);
      const twins = [taskRow({ idempotencyKey: "order-2" }), taskRow({ idempotencyKey: "order-2" })];
      const results = await ctx.store.insert(twins);
      expect(results.map((r, i) => [r.created, insertedId(r, twins[i]!)])).toEqual([
        [true, twins[0]!.id],
        [false, twins[0]!.id],
      ]);
      expect((await ctx.store.list({ limit: 10 })).rows).toHaveLength(3);
    });

    it("inserts 5,000 tasks in one call", async () => {
      const rows = orderedRows(5_000);
      const results = await ctx.store.insert(rows);
      expect(results.filter((r) => r.created)).toHaveLength(5_000);
      expect(await ctx.store.stats()).toEqual([{ name: "work", status: "pending", count: 5_000 }]);
    });

    it("lists newest first, filtered, in cursor pages that cover every task once", async () => {
      const parent = taskRow({ name: "parent" });
      const children = orderedRows(7, { parentId: parent.id, createdAt: T0 + 10 });
      const others = orderedRows(3, { name: "other", createdAt: T0 + 20 });
      await ctx.store.insert([parent, ...children, ...others]);
      const all = [parent, ...children, ...others].map((r) => r.id).reverse();
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await ctx.store.list({ limit: 4, cursor });
        seen.push(...result.rows.map((r) => r.id));
        if (result.nextCursor === null) break;
        cursor = result.nextCursor;
      }
      expect(seen).toEqual(all);
      const kids = await ctx.store.list({ parentId: parent.id, limit: 100 });
      expect(kids.rows.map((r) => r.id)).toEqual(children.map((r) => r.id).reverse());
      expect(kids.nextCursor).toBeNull();
      expect((await ctx.store.list({ name: "other", limit: 100 })).rows).toHaveLength(3);
      expect(
        (await ctx.store.list({ createdFrom: T0 + 10, createdTo: T0 + 10, limit: 100 })).rows,
      ).toHaveLength(7);
      expect((await ctx.store.list({ status: "running", limit: 100 })).rows).toEqual([]);
    });

    it("counts tasks by name and status", async () => {
      await ctx.store.insert([...orderedRows(3), ...orderedRows(2, { name: "other" })]);
      // Both "other" tasks, so the counts below do not depend on which one a claim picks.
      const [done] = await ctx.store.claim({
        runnerId: "w",
        names: ["other"],
        limit: 2,
        leaseMs: 1000,
        now: T0,
      });
      const outcome = { type: "success", output: serialize(1) } as const;
      await ctx.store.settle([{ id: done!.id, runnerId: "w", leaseNumber: 1, attempt: 1, outcome }], T0, "A");
      const stats = await ctx.store.stats();
      const sorted = [...stats].sort((a, b) => `${a.name}${a.status}`.localeCompare(`${b.name}${b.status}`));
      expect(sorted).toEqual([
        { name: "other", status: "running", count: 1 },
        { name: "other", status: "success", count: 1 },
        { name: "work", status: "pending", count: 3 },
      ]);
    });
  });
}

function defineClaimConformance(ctx: StoreContext) {
  describe("claim", () => {
    it("takes due tasks by priority, then runAt, then id, and marks them running under a lease", async () => {
      const late = taskRow({ runAt: T0 + 5 });
      const early = taskRow({ runAt: T0 + 1 });
      const urgent = taskRow({ priority: 10, runAt: T0 + 9 });
      const [tieA, tieB] = orderedRows(2, { runAt: T0 + 5 });
      const future = taskRow({ runAt: T0 + 60_000 });
      await ctx.store.insert([late, early, urgent, tieB!, tieA!, future].sort(() => 0.5 - Math.random()));
      const claimed = await ctx.store.claim({ runnerId: "w1", limit: 10, leaseMs: 30_000, now: T0 + 10 });
      expect(claimed.map((r) => r.id)).toEqual([
        urgent.id,
        early.id,
        ...[late.id, tieA!.id, tieB!.id].sort(),
      ]);
      for (const row of claimed) {
        expect(row).toMatchObject({
          status: "running",
          attempt: 1,
          leaseOwner: "w1",
          leaseExpiresAt: T0 + 30_010,
          startedAt: T0 + 10,
          updatedAt: T0 + 10,
        });
      }
      expect((await ctx.store.get(future.id))!.status).toBe("pending");
      expect(await ctx.store.claim({ runnerId: "w1", limit: 10, leaseMs: 30_000, now: T0 + 10 })).toEqual([]);
    });

    it("respects the limit and the names filter", async () => {
      await ctx.store.insert([...orderedRows(5), ...orderedRows(5, { name: "other" })]);
      const some = await ctx.store.claim({
        runnerId: "w",
        names: ["other"],
        limit: 3,
        leaseMs: 1000,
        now: T0,
      });
      expect(some.map((r) => r.name)).toEqual(["other", "other", "other"]);
      const none = await ctx.store.claim({
        runnerId: "w",
        names: ["missing"],
        limit: 3,
        leaseMs: 1000,
        now: T0,
      });
      expect(none).toEqual([]);
    });

    it("never gives one task to two concurrent claimers", async () => {
      const rows = orderedRows(300);
      await ctx.store.insert(rows);
      const extra = ctx.underTest.openAnother ? [await ctx.underTest.openAnother()] : [];
      try {
        const stores = [ctx.store, ...extra];
        // Each claimer claims until it gets nothing: a store that claims ahead hands out the rest later.
        const claimUntilEmpty = async (i: number) => {
          const store = stores[i % stores.length]!;
          const mine: TaskRow[] = [];
          for (;;) {
            const got = await store.claim({ runnerId: `w${i}`, limit: 30, leaseMs: 10_000, now: T0 });
            if (got.length === 0) return mine;
            mine.push(...got);
          }
        };
        const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claimUntilEmpty(i)));
        const ids = claims.flat().map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(300);
      } finally {
        for (const store of extra) await store.close();
      }
    });
  });
}
