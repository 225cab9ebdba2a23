// The store of the kill fault test's runner processes: the SQLite file in ERRAND_DB.
import { sqliteStore } from "../../src/index.js";

export const openStore = () => sqliteStore({ path: process.env.ERRAND_DB! });
