import { newRow } from "@errand/core/store";
import { afterEach, beforeEach, expect, it } from "vitest";
import { describePg, openFreshStore } from "../test/support/database.js";
import { orderedRowsForTest } from "../test/support/rows.js";
import type { PostgresStore } from "./index.js";

/** Texts an array literal must escape; each batch gives every row its own value, so none goes once. */
const AWKWARD = ['say "hi"', "back\\slash", "{braces},commas", "NULL", "", "emoji 🎉", "ümlaut"];
/** Texts JSON writes differently from Postgres: their column goes to pg as an array. */
const CONTROL = ["new\nline", "tab\there", "bell\u0007"];

describePg("insert columns", () => {
  let store: PostgresStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await openFreshStore());
  });
  afterEach(() => cleanup());

  for (const [what, texts] of [
    ["quotes, backslashes, braces, commas, NULL, empty and non-ASCII text", AWKWARD],
    ["control characters", CONTROL],
  ] as const) {
    it(`stores ${what} in inputs and keys as given`, async () => {
      const rows = texts.map((text, i) => ({
        ...orderedRowsForTest(1)[0]!,
        input: JSON.stringify({ json: text }).replace("json", text),
        idempotencyKey: `${text}#${i}`,
        concurrencyKey: i % 2 ? text : null,
        parentId: text,
      }));
      await store.insert(rows);
      for (const row of rows) expect(await store.get(row.id)).toEqual(newRow(row));
    });
  }
});
