import { defineStoreConformance } from "../conformance/index.js";
import { memoryStore } from "./memoryStore.js";

defineStoreConformance({
  name: "memory",
  async open() {
    const store = memoryStore();
    await store.init();
    return { store, cleanup: () => store.close() };
  },
});
