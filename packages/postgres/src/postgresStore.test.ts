import { defineStoreConformance } from "@errand/core/conformance";
import { describePg, openFreshStore, storeIn } from "../test/support/database.js";

describePg("postgresStore", () => {
  // Without and with prefetch: a store that claims ahead of its runners must keep every rule too.
  for (const prefetch of [0, 10]) {
    defineStoreConformance({
      name: prefetch === 0 ? "postgres" : `postgres, prefetch ${prefetch}`,
      async open() {
        const { store, schema, cleanup } = await openFreshStore({ prefetch });
        return {
          store,
          // A second pool on the same schema, so concurrent claims really race inside Postgres.
          openAnother: async () => {
            const another = storeIn(schema, { prefetch });
            await another.init();
            return another;
          },
          cleanup,
        };
      },
    });
  }
});
