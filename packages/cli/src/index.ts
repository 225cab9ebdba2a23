// The public API of @errand/cli: what an errand.config.ts imports. The commands are the `errand` bin.

export {
  defineConfig,
  type ErrandConfig,
  type StoreConfig,
  type TaskContext,
} from "./config/defineConfig.js";
