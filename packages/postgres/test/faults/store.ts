// The store of the kill fault test's runner processes: the schema ERRAND_PG_SCHEMA at ERRAND_PG_URL.
import { postgresStore } from "../../src/index.js";

export const openStore = () =>
  postgresStore({
    connectionString: process.env.ERRAND_PG_URL!,
    schema: process.env.ERRAND_PG_SCHEMA!,
    logger: { warn: () => {}, error: () => {} },
  });
