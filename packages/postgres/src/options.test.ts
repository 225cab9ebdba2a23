import pg from "pg";
import { describe, expect, it } from "vitest";
import { postgresStore } from "./index.js";
import { resolveOptions } from "./options.js";
import { DEFAULT_VACUUM_POLICY } from "./vacuum.js";

describe("postgresStore options", () => {
  const url = "postgres://nobody@127.0.0.1:1/none";

  it("refuses a schema that is not a plain identifier", () => {
    for (const schema of ["", "1abc", 'x"; DROP TABLE y; --', "a-b", "x".repeat(51)]) {
      expect(() => postgresStore({ connectionString: url, schema })).toThrow(/schema/);
    }
    expect(() => postgresStore({ connectionString: url, schema: "Tenant_42" })).not.toThrow();
  });

  it("needs exactly one of connectionString and pool", () => {
    const pool = new pg.Pool({ connectionString: url });
    expect(() => postgresStore({} as never)).toThrow(/exactly one/);
    expect(() => postgresStore({ connectionString: url, pool } as never)).toThrow(/exactly one/);
    expect(postgresStore({ pool }).pool).toBe(pool);
  });

  it("refuses retention settings that are not whole numbers", () => {
    expect(() => postgresStore({ connectionString: url, retention: { maxAgeMs: 0 } })).toThrow(/maxAgeMs/);
    expect(() => postgresStore({ connectionString: url, retention: { maxCount: 1.5 } })).toThrow(/maxCount/);
    expect(() => postgresStore({ connectionString: url, retention: { maxCount: 0 } })).not.toThrow();
  });

  it("refuses the removed `prefetch` option with what to do instead", () => {
    const withPrefetch = (prefetch: unknown) => ({ connectionString: url, prefetch }) as never;
    expect(() => postgresStore(withPrefetch(500))).toThrow(
      /`prefetch` option was removed: runners now claim ahead .* Remove the option/,
    );
    // 0 was "off", which is what the store does now: nothing to refuse.
    expect(() => postgresStore(withPrefetch(0))).not.toThrow();
    // @ts-expect-error prefetch is no longer an option
    expect(() => postgresStore({ connectionString: url, prefetch: 8 })).toThrow(/prefetch/);
  });

  it("refuses vacuum settings that are not a boolean or known thresholds", () => {
    const withVacuum = (vacuum: unknown) => ({ connectionString: url, vacuum }) as never;
    expect(() => postgresStore(withVacuum("yes"))).toThrow(/vacuum must be true, false or \{ checkEvery/);
    expect(() => postgresStore(withVacuum({ checkEvery: 0 }))).toThrow(
      /vacuum.checkEvery must be a whole number above 0, got 0/,
    );
    expect(() => postgresStore(withVacuum({ minDead: -1 }))).toThrow(
      /vacuum.minDead must be a whole number of 0 or more/,
    );
    expect(() => postgresStore(withVacuum({ liveFraction: Number.NaN }))).toThrow(
      /vacuum.liveFraction must be a number/,
    );
    expect(() => postgresStore(withVacuum({ minGap: 5 }))).toThrow(
      /vacuum.minGap is not a setting; the settings are checkEvery, minDead, liveFraction, minGapMs/,
    );
    expect(resolveOptions({ connectionString: url, vacuum: false }).vacuum).toBeNull();
    expect(resolveOptions({ connectionString: url, vacuum: { minDead: 7 } }).vacuum).toEqual({
      ...DEFAULT_VACUUM_POLICY,
      minDead: 7,
    });
    for (const vacuum of [true, false, { liveFraction: 0.5 }, { checkEvery: 1, minDead: 0, minGapMs: 0 }]) {
      expect(() => postgresStore({ connectionString: url, vacuum })).not.toThrow();
    }
  });
});
