import { describe, expect, it } from "vitest";
import { changedRow } from "../store/rowCopy.js";
import type { SettlementOutcome, TaskRow } from "../store/rows.js";
import {
  abortedRow,
  claimedRow,
  endedAttempt,
  expiredRow,
  heartbeatRow,
  retriedRow,
  settledRow,
  updatedRow,
} from "../store/transitions.js";
import { serialize } from "../util/serialization.js";
import { T0, taskRow } from "./fixtures.js";
import type { StoreContext } from "./storeConformance.js";

const LEASE = 10_000;
const ABORTED = serialize({ name: "TaskError", message: "aborted", code: "ABORTED" });
const EXPIRED = serialize({ name: "TaskError", message: "lease expired", code: "LEASE_EXPIRED" });
const OUTCOMES: readonly SettlementOutcome[] = [
  { type: "success", output: serialize({ ok: true }) },
  { type: "failed", error: "F" },
  { type: "aborted", error: "A" },
  { type: "retry", error: "R", runAt: T0 + 50 },
  { type: "continue", input: serialize({ n: 2 }), runAt: T0 + 60 },
  { type: "release" },
];

/**
 * Each store's rows after every transition equal what core's transitions (`@errand/core/store`)
 * compute from the row before: the memory and SQLite stores call them, the Postgres store writes
 * them as SQL, and this is where the SQL is held to them.
 */
export function defineTransitionConformance(ctx: StoreContext) {
  const get = async (id: string) => (await ctx.store.get(id))!;
  let named = 0;
  async function running(overrides: Parameters<typeof taskRow>[0] = {}, now = T0): Promise<TaskRow> {
    // A name of its own, so the claim takes this task and none left pending by an earlier step.
    const row = taskRow({ name: `work${++named}`, ...overrides });
    await ctx.store.insert([row]);
    const before = await get(row.id);
    const request = { runnerId: "w1", names: [row.name], limit: 1, leaseMs: LEASE, now };
    const [claimed] = await ctx.store.claim(request);
    expect(claimed).toEqual(changedRow(before, claimedRow(before, request)));
    expect(await get(row.id)).toEqual(claimed);
    return claimed!;
  }
  const lastAttempt = async (id: string) => (await ctx.store.attempts(id)).at(-1) ?? null;

  describe("transitions (checked against core's definitions)", () => {
    it("settles every outcome, with and without an abort requested, and keeps the attempt", async () => {
      for (const outcome of OUTCOMES) {
        for (const abortRequested of [false, true]) {
          const claimed = await running();
          if (abortRequested) await ctx.store.requestAbort(claimed.id, ABORTED, T0 + 1);
          const held = await get(claimed.id);
          const settlement = { id: held.id, runnerId: "w1", leaseNumber: 1, attempt: 1, outcome };
          expect(await ctx.store.settle([settlement], T0 + 2, ABORTED)).toEqual([true]);
          const expected = changedRow(held, settledRow(held, outcome, T0 + 2, ABORTED));
          expect(await get(held.id)).toEqual(expected);
          expect(await lastAttempt(held.id)).toEqual(endedAttempt(held, expected, outcome.type));
        }
      }
    });

    it("extends a lease on heartbeat and expires it: retried, failed, aborted", async () => {
      const left = await running();
      const request = { runnerId: "w1", leases: [left], leaseMs: LEASE, now: T0 + 3 };
      await ctx.store.heartbeat(request);
      expect(await get(left.id)).toEqual(changedRow(left, heartbeatRow(request)));
      const exhausted = await running({ maxAttempts: 1 });
      const aborting = await running();
      await ctx.store.requestAbort(aborting.id, ABORTED, T0 + 4);
      const befores = [await get(left.id), await get(exhausted.id), await get(aborting.id)];
      const expiry = { now: T0 + 3 + LEASE, leaseExpiredError: EXPIRED, abortedError: ABORTED };
      expect(await ctx.store.releaseExpired(expiry)).toBe(3);
      for (const before of befores) {
        const expected = changedRow(before, expiredRow(before, expiry));
        expect(await get(before.id)).toEqual(expected);
        expect(await lastAttempt(before.id)).toEqual(endedAttempt(before, expected, "expired"));
      }
    });

    it("applies retry, abort and update as defined", async () => {
      const failed = await running();
      await ctx.store.settle(
        [
          {
            id: failed.id,
            runnerId: "w1",
            leaseNumber: 1,
            attempt: 1,
            outcome: { type: "failed", error: "F" },
          },
        ],
        T0 + 1,
        ABORTED,
      );
      const beforeRetry = await get(failed.id);
      await ctx.store.retry(failed.id, T0 + 2);
      expect(await get(failed.id)).toEqual(changedRow(beforeRetry, retriedRow(T0 + 2)));

      const beforeUpdate = await get(failed.id);
      const patch = { priority: 9, runAt: T0 + 7 };
      await ctx.store.updatePending(failed.id, patch, T0 + 3);
      expect(await get(failed.id)).toEqual(changedRow(beforeUpdate, updatedRow(patch, T0 + 3)));

      const beforeAbort = await get(failed.id);
      await ctx.store.requestAbort(failed.id, ABORTED, T0 + 4);
      expect(await get(failed.id)).toEqual(changedRow(beforeAbort, abortedRow(beforeAbort, ABORTED, T0 + 4)));

      const runningTask = await running();
      await ctx.store.requestAbort(runningTask.id, ABORTED, T0 + 5);
      expect(await get(runningTask.id)).toEqual(
        changedRow(runningTask, abortedRow(runningTask, ABORTED, T0 + 5)),
      );
    });

    it("claims a task with every optional field set, carrying its last attempt's error and status", async () => {
      const parent = await running();
      const first = await running({
        parentId: parent.id,
        idempotencyKey: "once",
        concurrencyKey: "c",
        rateKey: "r",
        debounceKey: "d",
      });
      const lease = { id: first.id, runnerId: "w1", leaseNumber: 1 };
      await ctx.store.setStatus({ ...lease, progress: 0.25, message: "a quarter", now: T0 + 1 });
      await ctx.store.settle(
        [{ ...lease, attempt: 1, outcome: { type: "retry", error: "R", runAt: T0 } }],
        T0 + 2,
        ABORTED,
      );
      const before = await get(first.id);
      const request = { runnerId: "w2", names: [first.name], limit: 1, leaseMs: LEASE, now: T0 + 3 };
      const [again] = await ctx.store.claim(request);
      expect(again).toEqual(changedRow(before, claimedRow(before, request)));
      expect(again).toMatchObject({
        error: "R",
        progress: 0.25,
        statusMessage: "a quarter",
        parentId: parent.id,
      });
      expect(await get(first.id)).toEqual(again);
    });

    it("gives a task claimed again after continue a new lease: answers about the old one touch nothing", async () => {
      const first = await running();
      const old = { id: first.id, runnerId: "w1", leaseNumber: 1, attempt: 1 };
      await ctx.store.settle(
        [{ ...old, outcome: { type: "continue", input: null, runAt: T0 } }],
        T0,
        ABORTED,
      );
      const [again] = await ctx.store.claim({
        runnerId: "w1",
        names: [first.name],
        limit: 1,
        leaseMs: LEASE,
        now: T0 + 1,
      });
      expect(again).toMatchObject({ id: first.id, attempt: 1, leaseNumber: 2 });
      const heartbeat = await ctx.store.heartbeat({
        runnerId: "w1",
        leases: [{ id: first.id, leaseNumber: 1 }],
        leaseMs: LEASE,
        now: T0 + 2,
      });
      expect(heartbeat).toEqual({ lost: [{ id: first.id, leaseNumber: 1 }], abortRequested: [] });
      const late = { ...old, outcome: { type: "failed", error: "late" } } as const;
      expect(await ctx.store.settle([late], T0 + 3, ABORTED)).toEqual([false]);
      expect(await ctx.store.setStatus({ ...old, progress: 1, now: T0 + 3 })).toBe(false);
      expect(await get(first.id)).toEqual(again);
    });

    it("keeps every attempt's error, oldest first, and forgets them with the task", async () => {
      const task = await running({ maxAttempts: 3 });
      for (const [i, error] of ["E1", "E2"].entries()) {
        const attempt = i + 1;
        await ctx.store.settle(
          [
            {
              id: task.id,
              runnerId: "w1",
              leaseNumber: attempt,
              attempt,
              outcome: { type: "retry", error, runAt: T0 },
            },
          ],
          T0 + 10 * attempt,
          ABORTED,
        );
        const now = T0 + 10 * attempt + 1;
        await ctx.store.claim({ runnerId: "w1", names: [task.name], limit: 1, leaseMs: LEASE, now });
      }
      await ctx.store.settle(
        [
          {
            id: task.id,
            runnerId: "w1",
            leaseNumber: 3,
            attempt: 3,
            outcome: { type: "failed", error: "E3" },
          },
        ],
        T0 + 30,
        ABORTED,
      );
      expect(await ctx.store.attempts(task.id)).toEqual([
        {
          taskId: task.id,
          leaseNumber: 1,
          attempt: 1,
          startedAt: T0,
          finishedAt: T0 + 10,
          end: "retry",
          error: "E1",
        },
        {
          taskId: task.id,
          leaseNumber: 2,
          attempt: 2,
          startedAt: T0 + 11,
          finishedAt: T0 + 20,
          end: "retry",
          error: "E2",
        },
        {
          taskId: task.id,
          leaseNumber: 3,
          attempt: 3,
          startedAt: T0 + 21,
          finishedAt: T0 + 30,
          end: "failed",
          error: "E3",
        },
      ]);
      expect((await ctx.store.delete(task.id)).result).toBe("ok");
      expect(await ctx.store.attempts(task.id)).toEqual([]);
      expect(await ctx.store.attempts("00000000-0000-7000-8000-000000000000")).toEqual([]);
    });
  });
}
