import { describe, expect, it } from "vitest";
import { insertedId } from "../store/transitions.js";
import { T0, taskRow } from "./fixtures.js";
import type { StoreContext } from "./storeConformance.js";

/** What schedules need of a store: one task per tick key, and a last tick that only moves forward. */
export function defineScheduleConformance(ctx: StoreContext) {
  describe("schedules", () => {
    it("keeps the last tick of each schedule, only ever moving it forward", async () => {
      const { store } = ctx;
      expect(await store.scheduleTicks()).toEqual([]);
      await store.recordScheduleTick({ name: "a", scheduleKey: "0 3 * * *@UTC", tick: T0 + 2_000 }, T0);
      // A slower runner recording an older tick leaves the later one in place.
      await store.recordScheduleTick({ name: "a", scheduleKey: "0 3 * * *@UTC", tick: T0 + 1_000 }, T0);
      await store.recordScheduleTick({ name: "a", scheduleKey: "* * * * *@UTC", tick: T0 }, T0);
      await store.recordScheduleTick({ name: "b", scheduleKey: "0 3 * * *@UTC", tick: T0 + 5_000 }, T0);
      await store.recordScheduleTick({ name: "b", scheduleKey: "0 3 * * *@UTC", tick: T0 + 6_000 }, T0);
      const sorted = (await store.scheduleTicks()).sort((x, y) =>
        `${x.name}${x.scheduleKey}`.localeCompare(`${y.name}${y.scheduleKey}`),
      );
      expect(sorted).toEqual([
        { name: "a", scheduleKey: "* * * * *@UTC", tick: T0 },
        { name: "a", scheduleKey: "0 3 * * *@UTC", tick: T0 + 2_000 },
        { name: "b", scheduleKey: "0 3 * * *@UTC", tick: T0 + 6_000 },
      ]);
    });

    it("makes one task of a tick however many connections insert it at once", async () => {
      const { store, underTest } = ctx;
      const others = underTest.openAnother
        ? await Promise.all([underTest.openAnother(), underTest.openAnother()])
        : [];
      try {
        const key = `schedule:* * * * * *@UTC:${new Date(T0).toISOString()}`;
        const stores = [store, ...others, store];
        const candidates = stores.map(() => taskRow({ idempotencyKey: key }));
        const results = (await Promise.all(stores.map((s, i) => s.insert([candidates[i]!])))).flat();
        const created = candidates.filter((_, i) => results[i]!.created);
        expect(created).toHaveLength(1);
        // Every other trigger of the tick got the one task back.
        const ids = results.map((entry, i) => insertedId(entry, candidates[i]!));
        expect(new Set(ids)).toEqual(new Set([created[0]!.id]));
        // The same tick of another schedule, or another task, is another task.
        const [other] = await store.insert([
          taskRow({ idempotencyKey: key.replace("@UTC", "@Europe/Berlin") }),
        ]);
        expect(other!.created).toBe(true);
        const [otherTask] = await store.insert([taskRow({ name: "another", idempotencyKey: key })]);
        expect(otherTask!.created).toBe(true);
      } finally {
        for (const other of others) await other.close();
      }
    });
  });
}
