import { expect, it } from "vitest";
import { describePg, openFreshStore } from "../test/support/database.js";
import { explainingConnection } from "../test/support/plans.js";

/*
 * The change feed's statement trigger pairs each statement's old and new rows to leave out the
 * rows nothing a reader shows changed in. PL/pgSQL keeps the plan it made for the first calls,
 * which see a handful of rows: a nested loop over the two transition tables then costs n² on a
 * statement of many rows, and an UPDATE of 100,000 rows ran for over ten minutes. Read here: the
 * plan of the trigger's own statement (auto_explain, nested statements) after small statements
 * warmed it, on an update of many rows that changes nothing a reader shows (as a heartbeat does).
 */
describePg("the change feed's trigger", () => {
  it("pairs old and new rows without a nested loop, whatever size it saw first", async () => {
    const { schema, cleanup } = await openFreshStore();
    const { client, plans, close } = await explainingConnection();
    try {
      const tasks = `"${schema}".tasks`;
      await client.query(
        `INSERT INTO ${tasks} (id, name, input, status, attempt, max_attempts, priority, run_at, created_at, updated_at,
           lease_owner, lease_expires_at)
         SELECT gen_random_uuid(), 'mail', '{}', 'running', 1, 3, 0, 0, 0, 0, 'r', 1000 FROM generate_series(1, 2000)`,
      );
      const one = `UPDATE ${tasks} SET lease_expires_at = lease_expires_at + 1
        WHERE id = (SELECT id FROM ${tasks} ORDER BY id LIMIT 1)`;
      for (let i = 0; i < 8; i++) await client.query(one);
      plans.length = 0;
      await client.query(
        `UPDATE ${tasks} SET lease_expires_at = lease_expires_at + 1 WHERE status = 'running'`,
      );
      const pairing = plans.filter((plan) => plan.includes("old_rows") && plan.includes("new_rows"));
      expect(pairing.length).toBe(1);
      expect(pairing[0]).not.toMatch(/Nested Loop/);
    } finally {
      await close();
      await cleanup();
    }
  });
});
