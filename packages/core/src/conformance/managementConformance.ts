import { describe, expect, it } from "vitest";
import { serialize } from "../util/serialization.js";
import { T0, taskRow } from "./fixtures.js";
import type { StoreContext } from "./storeConformance.js";

const MISSING = "00000000-0000-7000-8000-000000000000";

export function defineManagementConformance(ctx: StoreContext) {
  let made = 0;
  async function inState(status: "pending" | "running" | "success" | "failed" | "aborted") {
    // A name of its own, so the claim below takes this row and no other the test made.
    const row = taskRow({ name: `state-${++made}`, idempotencyKey: "k" });
    await ctx.store.insert([row]);
    if (status === "pending") return row.id;
    await ctx.store.claim({ runnerId: "w", names: [row.name], limit: 1, leaseMs: 1000, now: T0 });
    if (status === "running") return row.id;
    const outcome =
      status === "success"
        ? ({ type: "success", output: serialize(1) } as const)
        : status === "failed"
          ? ({ type: "failed", error: "E" } as const)
          : ({ type: "aborted", error: "A" } as const);
    await ctx.store.settle([{ id: row.id, runnerId: "w", leaseNumber: 1, attempt: 1, outcome }], T0 + 1, "A");
    return row.id;
  }

  describe("management rules", () => {
    it("updates a task only while it is pending", async () => {
      const pending = await inState("pending");
      const patch = { input: serialize({ n: 9 }), priority: 3, runAt: T0 + 99, maxAttempts: 7 };
      const updated = await ctx.store.updatePending(pending, patch, T0 + 2);
      expect(updated).toMatchObject({ result: "ok", row: { ...patch, updatedAt: T0 + 2 } });
      expect(await ctx.store.get(pending)).toMatchObject(patch);
      const partial = await ctx.store.updatePending(pending, { priority: 4 }, T0 + 3);
      expect(partial).toMatchObject({ result: "ok", row: { priority: 4, runAt: T0 + 99 } });
      expect(await ctx.store.updatePending(await inState("running"), { priority: 1 }, T0)).toEqual({
        result: "conflict",
        status: "running",
      });
      expect(await ctx.store.updatePending(await inState("success"), { priority: 1 }, T0)).toEqual({
        result: "conflict",
        status: "success",
      });
      expect(await ctx.store.updatePending(MISSING, { priority: 1 }, T0)).toEqual({ result: "not_found" });
    });

    it("deletes any task but a running one, freeing its idempotency key and logs", async () => {
      for (const status of ["pending", "success", "failed", "aborted"] as const) {
        const id = await inState(status);
        expect((await ctx.store.delete(id)).result).toBe("ok");
        expect(await ctx.store.get(id)).toBeNull();
      }
      const keyed = taskRow({ idempotencyKey: "once" });
      await ctx.store.insert([keyed]);
      await ctx.store.appendLogs([
        { taskId: keyed.id, attempt: 1, at: T0, level: "info", message: "hi", data: null },
      ]);
      await ctx.store.delete(keyed.id);
      expect(await ctx.store.logs(keyed.id)).toEqual([]);
      const [reused] = await ctx.store.insert([taskRow({ idempotencyKey: "once" })]);
      expect(reused!.created).toBe(true);
      const running = await inState("running");
      expect(await ctx.store.delete(running)).toEqual({ result: "conflict", status: "running" });
      expect(await ctx.store.get(running)).not.toBeNull();
      expect(await ctx.store.delete(MISSING)).toEqual({ result: "not_found" });
    });

    it("aborts a pending task at once, asks a running one to stop, and refuses a finished one", async () => {
      const pending = await inState("pending");
      expect(await ctx.store.requestAbort(pending, "why", T0 + 5)).toMatchObject({
        result: "aborted",
        row: { status: "aborted", error: "why", finishedAt: T0 + 5 },
      });
      const running = await inState("running");
      expect(await ctx.store.requestAbort(running, "why", T0 + 5)).toMatchObject({
        result: "requested",
        row: { status: "running", abortRequestedAt: T0 + 5 },
      });
      expect(await ctx.store.requestAbort(await inState("success"), "why", T0)).toEqual({
        result: "conflict",
        status: "success",
      });
      expect(await ctx.store.requestAbort(MISSING, "why", T0)).toEqual({ result: "not_found" });
    });

    it("retries a failed or aborted task from attempt zero, and nothing else", async () => {
      for (const status of ["failed", "aborted"] as const) {
        const id = await inState(status);
        expect(await ctx.store.retry(id, T0 + 9)).toMatchObject({
          result: "ok",
          row: { status: "pending", attempt: 0, error: null, output: null, runAt: T0 + 9, finishedAt: null },
        });
        const name = (await ctx.store.get(id))!.name;
        const [claimed] = await ctx.store.claim({
          runnerId: "w",
          names: [name],
          limit: 1,
          leaseMs: 1000,
          now: T0 + 9,
        });
        expect(claimed).toMatchObject({ id, attempt: 1 });
      }
      for (const status of ["pending", "running", "success"] as const) {
        expect(await ctx.store.retry(await inState(status), T0)).toEqual({ result: "conflict", status });
      }
      expect(await ctx.store.retry(MISSING, T0)).toEqual({ result: "not_found" });
    });

    it("keeps log lines per task in order", async () => {
      const id = await inState("running");
      const other = await inState("running");
      const lines = Array.from({ length: 5 }, (_, i) => ({
        taskId: id,
        attempt: 1,
        at: T0 + i,
        level: i % 2 ? "warn" : "info",
        message: `line ${i}`,
        data: i === 0 ? serialize({ rows: 10 }) : null,
      }));
      await ctx.store.appendLogs(lines.slice(0, 2));
      await ctx.store.appendLogs([{ ...lines[0]!, taskId: other, message: "elsewhere" }, ...lines.slice(2)]);
      expect(await ctx.store.logs(id)).toEqual(lines);
      expect(await ctx.store.logs(id, { limit: 2 })).toEqual(lines.slice(0, 2));
      expect(await ctx.store.logs(MISSING)).toEqual([]);
    });
  });
}
