import { describe, expect, it } from "vitest";
import type { NewTaskRow } from "../store/rows.js";
import { newRow } from "../store/transitions.js";
import { orderedRows } from "./fixtures.js";
import type { StoreContext } from "./storeConformance.js";

/** `insertStream` is optional; a store that has it inserts as `insert` would, all or nothing. */
export function defineInsertStreamConformance(ctx: StoreContext) {
  describe("insertStream (when the store has it)", () => {
    it("stores every row of every chunk as newRow(candidate)", async () => {
      const store = ctx.store;
      if (!store.insertStream) return;
      const chunks = [orderedRows(3), orderedRows(1), orderedRows(2_500)];
      await store.insertStream(stream(chunks));
      for (const row of [chunks[0]![0]!, chunks[1]![0]!, chunks[2]![2_499]!]) {
        expect(await store.get(row.id)).toEqual(newRow(row));
      }
      expect(await store.stats()).toEqual([{ name: "work", status: "pending", count: 2_504 }]);
    });

    it("stores nothing when the chunks throw after some were taken, and rethrows their error", async () => {
      const store = ctx.store;
      if (!store.insertStream) return;
      const refused = new Error("request 3 refused");
      async function* failing() {
        yield orderedRows(2);
        yield orderedRows(2);
        throw refused;
      }
      await expect(store.insertStream(failing())).rejects.toBe(refused);
      expect(await store.stats()).toEqual([]);
    });

    it("stores nothing when a row of a later chunk cannot be stored", async () => {
      const store = ctx.store;
      if (!store.insertStream) return;
      const first = orderedRows(2);
      await expect(store.insertStream(stream([first, orderedRows(2), [{ ...first[0]! }]]))).rejects.toThrow();
      expect(await store.stats()).toEqual([]);
    });
  });
}

async function* stream(chunks: readonly NewTaskRow[][]) {
  for (const chunk of chunks) yield chunk;
}
