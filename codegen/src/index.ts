export { type CliIo, runCli } from "./cli.js";
export { type CliMode, type ParsedArgs, parseCliArgs, usage } from "./cliArgs.js";
export {
  type CodegenConfig,
  type CodegenOptions,
  type ConfigResult,
  defaultExclude,
  defaultInclude,
  manifestFileName,
  resolveConfig,
} from "./config.js";
export { coreModule, discoverTasks, type FileFacts } from "./discover.js";
export { type Checked, type CheckResult, check, generate, problemsOf } from "./generate.js";
export { createGenerator, type Generator, type GeneratorOptions } from "./generator.js";
export { findImportExtension, type ImportExtension } from "./importExtension.js";
export { type ManifestTask, parseManifest, renderManifest } from "./manifest.js";
export {
  formatProblem,
  hasErrors,
  type Problem,
  type ProblemCode,
  problemCodes,
  sortProblems,
} from "./problems.js";
export { banner, importSpecifier, renderRegistry } from "./render.js";
export type {
  CodegenFailure,
  DiscoveredTask,
  FileOutcome,
  Generated,
  GenerateResult,
  GeneratorEvent,
} from "./types.js";
export { type Watcher, type WatchOptions, watch } from "./watch.js";
export { writeIfChanged } from "./writeIfChanged.js";
