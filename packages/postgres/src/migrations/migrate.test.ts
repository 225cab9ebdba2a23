import pg from "pg";
import { afterAll, afterEach, expect, it } from "vitest";
import { describePg, dropSchema, freshSchemaName, PG_URL, storeIn } from "../../test/support/database.js";
import { createContext } from "../context.js";
import { MIGRATIONS } from "./index.js";
import { migrate } from "./migrate.js";

describePg("migrations", () => {
  const schema = freshSchemaName();
  const pool = new pg.Pool({ connectionString: PG_URL });
  afterEach(() => dropSchema(schema));
  afterAll(() => pool.end());

  it("apply once when many processes start at the same moment", async () => {
    const stores = Array.from({ length: 6 }, () => storeIn(schema));
    try {
      await Promise.all(stores.map((store) => store.init()));
      const { rows } = await pool.query(`SELECT id, name FROM "${schema}".migrations ORDER BY id`);
      expect(rows).toEqual(MIGRATIONS.map(({ id, name }) => ({ id, name })));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it("apply only the ones not yet applied, in order, and all of a failing run or none", async () => {
    const ctx = createContext(pool, schema);
    expect(await migrate(ctx)).toEqual(MIGRATIONS.map((migration) => migration.id));
    const newest = MIGRATIONS.at(-1)!.id;
    const next = { id: newest + 1, name: "extra", sql: "CREATE TABLE {{schema}}.extra (id int)" };
    const broken = { id: newest + 2, name: "broken", sql: "CREATE TABLE {{schema}}.nope (id nonsense_type)" };
    await expect(migrate(ctx, [...MIGRATIONS, next, broken])).rejects.toThrow(/nonsense_type/);
    const exists = await pool.query("SELECT to_regclass($1) AS extra", [`"${schema}".extra`]);
    expect(exists.rows[0].extra).toBeNull();
    expect(await migrate(ctx, [...MIGRATIONS, next])).toEqual([next.id]);
    expect(await migrate(ctx, [...MIGRATIONS, next])).toEqual([]);
  });

  it("refuse a schema migrated by a newer errand", async () => {
    const store = storeIn(schema);
    await store.init();
    await pool.query(`INSERT INTO "${schema}".migrations (id, name) VALUES (999, 'future')`);
    await expect(store.init()).rejects.toThrow(/migration 999.*Upgrade @errand\/postgres/);
    await store.close();
  });
});
