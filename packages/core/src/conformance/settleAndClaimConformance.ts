import { describe, expect, it } from "vitest";
import { serialize } from "../util/serialization.js";
import { T0, taskRow } from "./fixtures.js";
import type { StoreContext } from "./storeConformance.js";

const LEASE = 10_000;
const ABORTED = serialize({ name: "TaskError", message: "aborted", code: "ABORTED" });

/** `settleAndClaim` is optional; a store that has it must answer as `settle` then `claim` would. */
export function defineSettleAndClaimConformance(ctx: StoreContext) {
  describe("settleAndClaim (when the store has it)", () => {
    it("settles first, then claims: a task handed back is claimed again in the same write", async () => {
      const store = ctx.store;
      if (!store.settleAndClaim) return;
      const low = taskRow({ priority: 0 });
      const high = taskRow({ priority: 5 });
      await store.insert([low, high]);
      const [held] = await store.claim({ runnerId: "w1", limit: 1, leaseMs: LEASE, now: T0 });
      expect(held!.id).toBe(high.id);
      const release = {
        id: high.id,
        runnerId: "w1",
        leaseNumber: 1,
        attempt: 1,
        outcome: { type: "release" },
      } as const;
      const stale = { ...release, leaseNumber: 7 };
      const written = await store.settleAndClaim([release, stale], T0 + 1, ABORTED, {
        runnerId: "w2",
        limit: 5,
        leaseMs: LEASE,
        now: T0 + 1,
      });
      expect(written.applied).toEqual([true, false]);
      // Back in its place (priority 5 first), claimed again under a new lease.
      expect(written.claimed.map((row) => [row.id, row.leaseNumber, row.leaseOwner])).toEqual([
        [high.id, 2, "w2"],
        [low.id, 1, "w2"],
      ]);
      expect(await store.get(high.id)).toMatchObject({ status: "running", leaseOwner: "w2", attempt: 1 });
      expect((await store.attempts(high.id)).map((entry) => entry.end)).toEqual(["released"]);
    });

    it("claims with nothing to settle, and finds nothing when nothing is due", async () => {
      const store = ctx.store;
      if (!store.settleAndClaim) return;
      const later = taskRow({ runAt: T0 + 1_000 });
      await store.insert([later]);
      const request = { runnerId: "w1", limit: 5, leaseMs: LEASE, now: T0 };
      expect(await store.settleAndClaim([], T0, ABORTED, request)).toEqual({ applied: [], claimed: [] });
      const due = await store.settleAndClaim([], T0, ABORTED, { ...request, now: T0 + 1_000 });
      expect(due.claimed.map((row) => row.id)).toEqual([later.id]);
    });
  });
}
