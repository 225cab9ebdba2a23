import { createErrand, defineTask } from "@errand/core";
import { expect, it } from "vitest";
import { z } from "zod";
import { describePg, openFreshStore } from "../test/support/database.js";

describePg("a claim commits without waiting for the WAL flush (migration 9)", () => {
  it("for its own transaction only: the pool's connection is back to synchronous commits after it", async () => {
    // One connection, so the statement after the claim runs where the claim ran.
    const { store, schema, cleanup } = await openFreshStore({ maxConnections: 1 });
    try {
      const setting = async () =>
        (await store.pool.query<{ value: string }>("SELECT current_setting('synchronous_commit') AS value"))
          .rows[0]!.value;
      expect(await setting()).toBe("on");
      const client = await store.pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(`SELECT * FROM "${schema}".claim_tasks_unflushed(0, 10, 'r', 1000, NULL)`);
        const inside = await client.query<{ value: string }>(
          "SELECT current_setting('synchronous_commit') AS value",
        );
        expect(inside.rows[0]!.value).toBe("off");
        await client.query("COMMIT");
      } finally {
        client.release();
      }
      // Through the store: a trigger and its claim, then the connection that ran them.
      const noop = defineTask({
        name: "noop",
        input: z.object({}),
        run: ({ controller }) => controller.success(),
      });
      const errand = createErrand({ tasks: { noop }, store });
      const { id } = (await errand.tasks.trigger({ name: "noop", input: {} })).unwrap();
      const claimed = await store.claim({ runnerId: "r", limit: 5, leaseMs: 60_000, now: Date.now() });
      expect(claimed.map((row) => [row.id, row.status])).toEqual([[id, "running"]]);
      expect(await setting()).toBe("on");
    } finally {
      await cleanup();
    }
  });
});
