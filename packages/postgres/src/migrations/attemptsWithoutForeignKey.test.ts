import { serialize } from "@errand/core";
import pg from "pg";
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import {
  describePg,
  dropSchema,
  freshSchemaName,
  openFreshStore,
  PG_URL,
  storeIn,
} from "../../test/support/database.js";
import { orderedRowsForTest } from "../../test/support/rows.js";
import { createContext } from "../context.js";
import type { PostgresStore } from "../index.js";
import { MIGRATIONS } from "./index.js";
import { migrate } from "./migrate.js";

const HOUR = 3_600_000;
const T0 = 1_700_000_000_000;
const success = { type: "success", output: serialize(null) } as const;

describePg("attempts go with their task (migration 10's trigger, not a foreign key)", () => {
  let store: PostgresStore;
  let schema: string;
  let cleanup: () => Promise<void>;
  let first: string;
  let second: string;
  beforeEach(async () => {
    ({ store, schema, cleanup } = await openFreshStore({ vacuum: false }));
    // `first` ends two attempts (a retry, then a success), `second` one.
    const rows = orderedRowsForTest(2, { runAt: T0 });
    [first, second] = rows.map((row) => row.id) as [string, string];
    await store.insert(rows);
    const claim = { runnerId: "r", limit: 2, leaseMs: HOUR, now: T0 };
    const claimed = await store.claim(claim);
    const settle = (id: string, outcome: Parameters<PostgresStore["settle"]>[0][number]["outcome"]) => {
      const row = claimed.find((r) => r.id === id)!;
      return { id, runnerId: "r", leaseNumber: row.leaseNumber, attempt: row.attempt, outcome };
    };
    await store.settle(
      [settle(first, { type: "retry", error: "once more", runAt: T0 }), settle(second, success)],
      T0 + 1,
      "A",
    );
    const [again] = await store.claim({ ...claim, now: T0 + 2 });
    await store.settle(
      [
        {
          id: first,
          runnerId: "r",
          leaseNumber: again!.leaseNumber,
          attempt: again!.attempt,
          outcome: success,
        },
      ],
      T0 + 3,
      "A",
    );
  });
  afterEach(() => cleanup());

  const attemptsOf = async (id: string) =>
    (
      await store.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}".task_attempts WHERE task_id = $1`,
        [id],
      )
    ).rows[0]!.n;

  it("keeps every ended attempt", async () => {
    expect([await attemptsOf(first), await attemptsOf(second)]).toEqual([2, 1]);
    expect((await store.get(first))?.status).toBe("success");
  });

  it("deletes a task's attempts with the task, and no other task's", async () => {
    expect((await store.delete(first)).result).toBe("ok");
    expect([await attemptsOf(first), await attemptsOf(second)]).toEqual([0, 1]);
  });

  it("deletes the attempts of the tasks retention removes", async () => {
    const cleaner = storeIn(schema, { retention: { maxCount: 0 } });
    try {
      expect(await cleaner.runRetention(T0 + HOUR)).toEqual({ result: "done", deleted: 2 });
    } finally {
      await cleaner.close();
    }
    expect([await attemptsOf(first), await attemptsOf(second)]).toEqual([0, 0]);
  });

  it("deletes attempts when tasks are deleted or truncated by hand", async () => {
    await store.pool.query(`DELETE FROM "${schema}".tasks WHERE id = $1`, [second]);
    expect([await attemptsOf(first), await attemptsOf(second)]).toEqual([2, 0]);
    await store.pool.query(`TRUNCATE "${schema}".tasks CASCADE`);
    expect(await attemptsOf(first)).toBe(0);
  });
});

describePg("migration 10 on a schema of version 9", () => {
  const schema = freshSchemaName();
  const pool = new pg.Pool({ connectionString: PG_URL });
  afterEach(() => dropSchema(schema));
  afterAll(() => pool.end());

  it("drops the foreign key, keeps the attempts, and deletes them with their task from then on", async () => {
    await migrate(createContext(pool, schema), MIGRATIONS.slice(0, 9));
    const [row] = orderedRowsForTest(1, { runAt: T0 });
    await pool.query(
      `INSERT INTO "${schema}".tasks (id, name, input, max_attempts, priority, run_at, created_at, updated_at)
       VALUES ($1, 'old', '{"json":null}', 3, 0, $2, $2, $2)`,
      [row!.id, T0],
    );
    await pool.query(
      `INSERT INTO "${schema}".task_attempts (task_id, lease_number, attempt, started_at, finished_at, ended_as)
       VALUES ($1, 1, 1, $2, $2, 'success')`,
      [row!.id, T0],
    );
    const store = storeIn(schema, { vacuum: false });
    try {
      await store.init();
      const keys = await pool.query(
        `SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'`,
        [`"${schema}".task_attempts`],
      );
      expect(keys.rows[0].n).toBe(0);
      expect((await store.attempts(row!.id)).length).toBe(1);
      expect((await store.delete(row!.id)).result).toBe("ok");
      const left = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".task_attempts`);
      expect(left.rows[0].n).toBe(0);
    } finally {
      await store.close();
    }
  });
});
