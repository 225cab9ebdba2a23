import { describe, expect, it } from "vitest";
import type { Settlement } from "../store/rows.js";
import { serialize } from "../util/serialization.js";
import { T0, taskRow } from "./fixtures.js";
import type { StoreContext } from "./storeConformance.js";

const LEASE = 10_000;
const ABORTED = serialize({ name: "TaskError", message: "aborted", code: "ABORTED" });
const EXPIRED = serialize({ name: "TaskError", message: "lease expired", code: "LEASE_EXPIRED" });

export function defineLeaseConformance(ctx: StoreContext) {
  async function claimOne(overrides: Parameters<typeof taskRow>[0] = {}, runnerId = "w1", now = T0) {
    const row = taskRow(overrides);
    await ctx.store.insert([row]);
    const [claimed] = await ctx.store.claim({ runnerId, limit: 1, leaseMs: LEASE, now });
    expect(claimed?.id).toBe(row.id);
    return claimed!;
  }
  const settleOne = (settlement: Settlement, now = T0 + 1) => ctx.store.settle([settlement], now, ABORTED);

  describe("settle", () => {
    it("records success, failure, abort, retry, continue and release", async () => {
      const cases = [
        {
          outcome: { type: "success", output: serialize({ ok: 1 }) },
          expected: { status: "success", output: serialize({ ok: 1 }), finishedAt: T0 + 1 },
        },
        {
          outcome: { type: "failed", error: "E" },
          expected: { status: "failed", error: "E", finishedAt: T0 + 1 },
        },
        {
          outcome: { type: "aborted", error: "A" },
          expected: { status: "aborted", error: "A", finishedAt: T0 + 1 },
        },
        {
          outcome: { type: "retry", error: "R", runAt: T0 + 500 },
          expected: { status: "pending", error: "R", runAt: T0 + 500, attempt: 1, finishedAt: null },
        },
        {
          outcome: { type: "continue", input: serialize({ n: 2 }), runAt: T0 + 7 },
          expected: { status: "pending", input: serialize({ n: 2 }), attempt: 0, runAt: T0 + 7 },
        },
        {
          outcome: { type: "continue", input: null, runAt: T0 + 7 },
          expected: { status: "pending", input: serialize({ n: 1 }), attempt: 0 },
        },
        // Handed back by a stopping runner: not counted, and it keeps its place (runAt).
        { outcome: { type: "release" }, expected: { status: "pending", attempt: 0, runAt: T0 } },
      ] as const;
      for (const { outcome, expected } of cases) {
        const claimed = await claimOne();
        expect(
          await settleOne({ id: claimed.id, runnerId: "w1", leaseNumber: 1, attempt: 1, outcome }),
        ).toEqual([true]);
        expect(await ctx.store.get(claimed.id)).toMatchObject({
          ...expected,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: T0 + 1,
        });
      }
    });

    it("refuses a settlement from another runner, for another attempt, or a second time", async () => {
      const claimed = await claimOne();
      const success = { type: "success", output: serialize(1) } as const;
      expect(
        await settleOne({ id: claimed.id, runnerId: "w2", leaseNumber: 1, attempt: 1, outcome: success }),
      ).toEqual([false]);
      expect(
        await settleOne({ id: claimed.id, runnerId: "w1", leaseNumber: 2, attempt: 1, outcome: success }),
      ).toEqual([false]);
      expect(await ctx.store.get(claimed.id)).toMatchObject({ status: "running" });
      const both = await ctx.store.settle(
        [
          { id: claimed.id, runnerId: "w1", leaseNumber: 1, attempt: 1, outcome: success },
          {
            id: claimed.id,
            runnerId: "w1",
            leaseNumber: 1,
            attempt: 1,
            outcome: { type: "failed", error: "late" },
          },
        ],
        T0 + 1,
        ABORTED,
      );
      expect(both).toEqual([true, false]);
      expect(await ctx.store.get(claimed.id)).toMatchObject({ status: "success", error: null });
      expect(
        await settleOne({
          id: "00000000-0000-7000-8000-000000000000",
          runnerId: "w1",
          leaseNumber: 1,
          attempt: 1,
          outcome: success,
        }),
      ).toEqual([false]);
    });

    it("ends an abort-requested task aborted instead of retrying, continuing or releasing it", async () => {
      for (const outcome of [
        { type: "retry", error: "R", runAt: T0 + 5 },
        { type: "continue", input: null, runAt: T0 + 5 },
        { type: "release" },
      ] as const) {
        const claimed = await claimOne();
        expect((await ctx.store.requestAbort(claimed.id, ABORTED, T0)).result).toBe("requested");
        expect(
          await settleOne({ id: claimed.id, runnerId: "w1", leaseNumber: 1, attempt: 1, outcome }),
        ).toEqual([true]);
        expect(await ctx.store.get(claimed.id)).toMatchObject({
          status: "aborted",
          error: ABORTED,
          abortRequestedAt: null,
        });
      }
      const finished = await claimOne();
      await ctx.store.requestAbort(finished.id, ABORTED, T0);
      await settleOne({
        id: finished.id,
        runnerId: "w1",
        leaseNumber: 1,
        attempt: 1,
        outcome: { type: "success", output: serialize(1) },
      });
      expect(await ctx.store.get(finished.id)).toMatchObject({ status: "success" });
    });
  });

  describe("leases", () => {
    it("extends a held lease on heartbeat and reports lost tasks and abort requests", async () => {
      const held = await claimOne();
      const stolen = await claimOne({}, "w2");
      const aborting = await claimOne();
      await ctx.store.requestAbort(aborting.id, ABORTED, T0);
      const result = await ctx.store.heartbeat({
        runnerId: "w1",
        leases: [held, stolen, aborting, { id: "00000000-0000-7000-8000-000000000000", leaseNumber: 1 }].map(
          ({ id, leaseNumber }) => ({ id, leaseNumber }),
        ),
        leaseMs: LEASE,
        now: T0 + 5_000,
      });
      expect(result.lost.map((lease) => lease.id).sort()).toEqual(
        [stolen.id, "00000000-0000-7000-8000-000000000000"].sort(),
      );
      expect(result.lost.every((lease) => lease.leaseNumber === 1)).toBe(true);
      expect(result.abortRequested).toEqual([{ id: aborting.id, leaseNumber: 1 }]);
      expect((await ctx.store.get(held.id))!.leaseExpiresAt).toBe(T0 + 5_000 + LEASE);
      expect((await ctx.store.get(stolen.id))!.leaseExpiresAt).toBe(T0 + LEASE);
    });

    it("writes status only while the lease is held", async () => {
      const claimed = await claimOne();
      expect(
        await ctx.store.setStatus({
          id: claimed.id,
          runnerId: "w1",
          leaseNumber: 1,
          progress: 0.5,
          message: "half",
          now: T0 + 3,
        }),
      ).toBe(true);
      expect(
        await ctx.store.setStatus({
          id: claimed.id,
          runnerId: "w1",
          leaseNumber: 1,
          message: "more",
          now: T0 + 4,
        }),
      ).toBe(true);
      expect(await ctx.store.get(claimed.id)).toMatchObject({
        progress: 0.5,
        statusMessage: "more",
        updatedAt: T0 + 4,
      });
      expect(
        await ctx.store.setStatus({
          id: claimed.id,
          runnerId: "w2",
          leaseNumber: 1,
          progress: 1,
          now: T0 + 5,
        }),
      ).toBe(false);
      expect((await ctx.store.get(claimed.id))!.progress).toBe(0.5);
    });

    it("releases expired leases: retried while attempts remain, else failed, or aborted when asked", async () => {
      const retried = await claimOne();
      const exhausted = await claimOne({ maxAttempts: 1 });
      const aborting = await claimOne();
      await ctx.store.requestAbort(aborting.id, ABORTED, T0);
      const fresh = await claimOne({}, "w1", T0 + 5_000);
      const released = await ctx.store.releaseExpired({
        now: T0 + LEASE,
        leaseExpiredError: EXPIRED,
        abortedError: ABORTED,
      });
      expect(released).toBe(3);
      expect(await ctx.store.get(retried.id)).toMatchObject({
        status: "pending",
        // Its runner died: it keeps its place in the queue.
        runAt: T0,
        leaseOwner: null,
        attempt: 1,
      });
      expect(await ctx.store.get(exhausted.id)).toMatchObject({
        status: "failed",
        error: EXPIRED,
        finishedAt: T0 + LEASE,
      });
      expect(await ctx.store.get(aborting.id)).toMatchObject({ status: "aborted", error: ABORTED });
      expect(await ctx.store.get(fresh.id)).toMatchObject({ status: "running", leaseOwner: "w1" });

      const [again] = await ctx.store.claim({ runnerId: "w2", limit: 1, leaseMs: LEASE, now: T0 + LEASE });
      expect(again).toMatchObject({ id: retried.id, attempt: 2, leaseNumber: 2, leaseOwner: "w2" });
      const late = await ctx.store.settle(
        [
          {
            id: retried.id,
            runnerId: "w1",
            leaseNumber: 1,
            attempt: 1,
            outcome: { type: "success", output: serialize(1) },
          },
        ],
        T0 + LEASE + 1,
        ABORTED,
      );
      expect(late).toEqual([false]);
      expect(
        await ctx.store.releaseExpired({
          now: T0 + LEASE,
          leaseExpiredError: EXPIRED,
          abortedError: ABORTED,
        }),
      ).toBe(0);
    });
  });
}
