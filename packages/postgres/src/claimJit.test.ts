import { expect, it } from "vitest";
import { describePg, openFreshStore } from "../test/support/database.js";
import { explainingConnection } from "../test/support/plans.js";

/*
 * A deep queue raises the planner's cost estimate for the claim past jit_above_cost (100,000 by
 * default: about 400,000 pending tasks), and Postgres then compiles the claim's plan on every call:
 * about 20 ms, against 10-15 ms for the claim of 512 tasks itself. The test forces the threshold
 * to 0 and reads the claim's own plan through auto_explain.
 */
describePg("the claim is never compiled just in time", () => {
  it("even where the session would compile everything", async (test) => {
    const { schema, cleanup } = await openFreshStore();
    const { client, plans, close } = await explainingConnection();
    try {
      const { rows } = await client.query<{ available: boolean }>("SELECT pg_jit_available() AS available");
      if (!rows[0]!.available) test.skip("this Postgres was built without JIT (LLVM)");
      await client.query("SET jit = on; SET jit_above_cost = 0; SET auto_explain.log_analyze = on");
      const claims = [
        `SELECT * FROM "${schema}".claim_tasks(0, 10, 'r', 1000, NULL, true)`,
        `SELECT * FROM "${schema}".claim_tasks_limited(0, 10, 'r', 1000, NULL, '{}', 1, 1, 0)`,
      ];
      for (const claim of claims) await client.query(claim);
      const nested = plans.filter(
        (plan) => plan.includes("Query Text") && !claims.some((c) => plan.includes(c)),
      );
      expect(nested.length).toBeGreaterThanOrEqual(2);
      for (const plan of nested) expect(plan).not.toMatch(/JIT:/);
    } finally {
      await close();
      await cleanup();
    }
  });
});
