import { defineStoreConformance } from "@errand/core/conformance";
import { describePg, openFreshStore, storeIn } from "../test/support/database.js";

describePg("postgresStore", () => {
  defineStoreConformance({
    name: "postgres",
    async open() {
      const { store, schema, cleanup } = await openFreshStore();
      return {
        store,
        // A second pool on the same schema, so concurrent claims really race inside Postgres.
        openAnother: async () => {
          const another = storeIn(schema);
          await another.init();
          return another;
        },
        cleanup,
      };
    },
  });
});
