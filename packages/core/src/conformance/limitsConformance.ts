import { describe, expect, it } from "vitest";
import type { ClaimLimits } from "../store/claimRules.js";
import type { ClaimRequest, TaskRow } from "../store/rows.js";
import type { Store } from "../store/store.js";
import { serialize } from "../util/serialization.js";
import { orderedRows, T0, taskRow } from "./fixtures.js";
import type { StoreContext } from "./storeConformance.js";

/** claimRules.ts on every store: concurrency per task and per key, rate limits, pause. */
export function defineLimitsConformance(ctx: StoreContext) {
  const claim = (limits: ClaimLimits, overrides: Partial<ClaimRequest> = {}, store: Store = ctx.store) =>
    store.claim({
      runnerId: "w",
      names: ["work", "other"],
      limit: 10,
      leaseMs: 1_000,
      now: T0,
      limits,
      ...overrides,
    });
  const succeed = (store: Store, rows: readonly TaskRow[], now = T0) =>
    store.settle(
      rows.map((row) => ({
        id: row.id,
        runnerId: row.leaseOwner!,
        leaseNumber: row.leaseNumber,
        attempt: row.attempt,
        outcome: { type: "success", output: "null" } as const,
      })),
      now,
      "aborted",
    );
  const keys = (rows: readonly TaskRow[]) => rows.map((row) => row.concurrencyKey).sort();

  describe("flow control (claimRules.ts)", () => {
    it("runs at most `limit` of a task at once; the rest stay pending with no attempt spent", async () => {
      const rows = orderedRows(5);
      await ctx.store.insert(rows);
      const limits = { work: { concurrency: { limit: 2 } } };
      const first = await claim(limits);
      expect(first.map((row) => row.id)).toEqual(rows.slice(0, 2).map((row) => row.id));
      expect(await claim(limits)).toEqual([]);
      expect(await ctx.store.get(rows[2]!.id)).toMatchObject({ status: "pending", attempt: 0 });
      await succeed(ctx.store, first.slice(0, 1));
      expect((await claim(limits)).map((row) => row.id)).toEqual([rows[2]!.id]);
      expect(await claim(limits)).toEqual([]);
    });

    it("limits per key, and a full key's backlog never holds up other keys or tasks", async () => {
      // Key a's backlog is at the head of the queue; b and an unlimited task come after it.
      const a = orderedRows(6, { concurrencyKey: "a" });
      const b = orderedRows(2, { concurrencyKey: "b", runAt: T0 + 1 });
      const other = orderedRows(1, { name: "other", runAt: T0 + 2 });
      await ctx.store.insert([...a, ...b, ...other]);
      const limits = { work: { concurrency: { limit: 1 } } };
      const first = await claim(limits, { now: T0 + 5 });
      expect(first.map((row) => row.id).sort()).toEqual([a[0]!.id, b[0]!.id, other[0]!.id].sort());
      expect(await claim(limits, { now: T0 + 5 })).toEqual([]);
      await succeed(
        ctx.store,
        first.filter((row) => row.concurrencyKey === "b"),
      );
      expect((await claim(limits, { now: T0 + 5 })).map((row) => row.id)).toEqual([b[1]!.id]);
    });

    it("takes no more of a key than its free slots within one claim", async () => {
      await ctx.store.insert([
        ...orderedRows(4, { concurrencyKey: "a" }),
        ...orderedRows(4, { concurrencyKey: "b" }),
      ]);
      const limits = { work: { concurrency: { limit: 3 } } };
      expect(keys(await claim(limits, { limit: 4 }))).toEqual(["a", "a", "a", "b"]);
      expect(keys(await claim(limits))).toEqual(["b", "b"]);
    });

    it("frees the slot of a lost runner when its lease expires", async () => {
      await ctx.store.insert(orderedRows(2));
      const limits = { work: { concurrency: { limit: 1 } } };
      expect(await claim(limits)).toHaveLength(1);
      expect(await claim(limits, { now: T0 + 999 })).toEqual([]);
      const released = await ctx.store.releaseExpired({
        now: T0 + 1_000,
        leaseExpiredError: "x",
        abortedError: "y",
      });
      expect(released).toBe(1);
      expect(await claim(limits, { now: T0 + 1_000 })).toHaveLength(1);
    });

    it("counts claims of every runner and connection", async () => {
      await ctx.store.insert([
        ...orderedRows(40, { concurrencyKey: "a" }),
        ...orderedRows(40, { concurrencyKey: "b" }),
      ]);
      const extra = ctx.underTest.openAnother ? [await ctx.underTest.openAnother()] : [];
      try {
        const stores = [ctx.store, ...extra];
        const limits = { work: { concurrency: { limit: 3 } } };
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            claim(limits, { runnerId: `w${i}`, limit: 2 }, stores[i % stores.length]),
          ),
        );
        expect(keys(claims.flat())).toEqual(["a", "a", "a", "b", "b", "b"]);
      } finally {
        for (const store of extra) await store.close();
      }
    });

    it("starts at most `limit` per period, per key, counting every claim in the window", async () => {
      await ctx.store.insert([...orderedRows(5, { rateKey: "x" }), ...orderedRows(2, { rateKey: "y" })]);
      const limits = { work: { rate: { limit: 2, periodMs: 1_000 } } };
      const first = await claim(limits);
      expect(first.map((row) => row.rateKey).sort()).toEqual(["x", "x", "y", "y"]);
      // Finishing does not give a start back: the window counts starts, not running tasks.
      await succeed(ctx.store, first, T0 + 10);
      expect(await claim(limits, { now: T0 + 999 })).toEqual([]);
      expect(await ctx.store.stats()).toContainEqual({ name: "work", status: "pending", count: 3 });
      const next = await claim(limits, { now: T0 + 1_000 });
      expect(next.map((row) => row.rateKey)).toEqual(["x", "x"]);
      expect(await claim(limits, { now: T0 + 1_500 })).toEqual([]);
      expect(await claim(limits, { now: T0 + 2_000 })).toHaveLength(1);
    });

    it("counts later claims too when a claim's clock reading is older (claims commit out of order)", async () => {
      await ctx.store.insert(orderedRows(6));
      const limits = { work: { rate: { limit: 2, periodMs: 1_000 } } };
      expect(await claim(limits, { now: T0 + 500 })).toHaveLength(2);
      // A claim that read its clock before the one above but reached the store after it.
      expect(await claim(limits, { now: T0 + 400 })).toEqual([]);
      // A claim far ahead prunes nothing a claim delayed by less than a minute still needs.
      expect(await claim(limits, { now: T0 + 1_500 })).toHaveLength(2);
      expect(await claim(limits, { now: T0 + 1_450 })).toEqual([]);
    });

    it("applies concurrency and rate limits together", async () => {
      await ctx.store.insert(orderedRows(6));
      const limits = { work: { concurrency: { limit: 3 }, rate: { limit: 2, periodMs: 1_000 } } };
      const first = await claim(limits);
      expect(first).toHaveLength(2);
      expect(await claim(limits, { now: T0 + 1_000 })).toHaveLength(1);
      await succeed(ctx.store, first, T0 + 1_000);
      expect(await claim(limits, { now: T0 + 2_000 })).toHaveLength(2);
    });

    it("debounce: a pending task of the same name and key takes the new input; once claimed, a new one starts", async () => {
      const first = taskRow({ debounceKey: "doc-1", runAt: T0 + 100, input: serialize({ v: 1 }) });
      expect((await ctx.store.insert([first]))[0]!.created).toBe(true);
      const [again] = await ctx.store.insert([
        taskRow({ debounceKey: "doc-1", runAt: T0 + 200, input: serialize({ v: 2 }), createdAt: T0 + 50 }),
      ]);
      expect(again).toMatchObject({ created: false, replaced: true, row: { id: first.id, runAt: T0 + 200 } });
      expect(await ctx.store.get(first.id)).toMatchObject({
        input: serialize({ v: 2 }),
        runAt: T0 + 200,
        updatedAt: T0 + 50,
      });
      const batch = [
        taskRow({ debounceKey: "doc-2" }),
        taskRow({ name: "other", debounceKey: "doc-1" }),
        // Two in one batch: the second replaces the first.
        taskRow({ debounceKey: "doc-3", input: serialize({ v: 1 }) }),
        taskRow({ debounceKey: "doc-3", input: serialize({ v: 3 }) }),
      ];
      const others = await ctx.store.insert(batch);
      expect(others.map((entry) => entry.created)).toEqual([true, true, true, false]);
      expect(others[3]).toMatchObject({ replaced: true, row: { id: batch[2]!.id } });
      expect(await ctx.store.get(batch[2]!.id)).toMatchObject({ input: serialize({ v: 3 }) });
      expect(await ctx.store.get(batch[3]!.id)).toBeNull();
      expect((await ctx.store.stats()).reduce((sum, row) => sum + row.count, 0)).toBe(4);
      const claimed = await ctx.store.claim({
        runnerId: "w",
        names: ["work"],
        limit: 1,
        leaseMs: 1_000,
        now: T0 + 150,
      });
      expect(claimed.map((row) => row.id)).not.toContain(first.id);
      await ctx.store.claim({ runnerId: "w", names: ["work"], limit: 10, leaseMs: 1_000, now: T0 + 200 });
      expect(await ctx.store.get(first.id)).toMatchObject({ status: "running" });
      const candidate = taskRow({ debounceKey: "doc-1", input: serialize({ v: 4 }) });
      const [fresh] = await ctx.store.insert([candidate]);
      expect(fresh).toEqual({ created: true });
      expect(await ctx.store.get(candidate.id)).toMatchObject({
        status: "pending",
        input: serialize({ v: 4 }),
      });
      expect(await ctx.store.get(first.id)).toMatchObject({ status: "running", input: serialize({ v: 2 }) });
    });

    it("claims nothing of a paused name until it is resumed", async () => {
      await ctx.store.insert([...orderedRows(2), ...orderedRows(1, { name: "other", runAt: T0 + 1 })]);
      await ctx.store.pause("work", T0);
      await ctx.store.pause("work", T0);
      expect(await ctx.store.pausedNames()).toEqual(["work"]);
      expect((await claim({}, { now: T0 + 5 })).map((row) => row.name)).toEqual(["other"]);
      expect(await claim({ work: { concurrency: { limit: 5 } } }, { now: T0 + 5 })).toEqual([]);
      await ctx.store.resume("work");
      expect(await ctx.store.pausedNames()).toEqual([]);
      expect(await claim({}, { now: T0 + 5 })).toHaveLength(2);
    });
  });
}
