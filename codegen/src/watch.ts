import { Result } from "@errand/core";
import { type FSWatcher, watch as watchFiles } from "chokidar";
import { type CodegenOptions, resolveConfig } from "./config.js";
import { createGenerator, type Generator } from "./generator.js";
import { isSkippedPath } from "./selectFiles.js";
import type { CodegenFailure, GenerateResult, GeneratorEvent } from "./types.js";

export type WatchOptions = CodegenOptions & {
  /** Called after every run, including the first. */
  onResult?: (result: GenerateResult) => void;
  /** Called when a run or the watcher fails unexpectedly (a bug, or the file system going away). */
  onError?: (error: unknown) => void;
};

export type Watcher = {
  generator: Generator;
  /** The result of the first run, which scans the whole root. */
  initial: GenerateResult;
  close(): Promise<void>;
};

/**
 * Regenerates whenever a file under the root is added, changed or deleted. The watcher only
 * translates file events into generator events; ordering and coalescing live in the generator.
 */
export async function watch(options: WatchOptions = {}): Promise<Result<Watcher, CodegenFailure>> {
  const resolved = resolveConfig(options);
  if (resolved.isFail()) return Result.fail(resolved.error);
  const config = resolved.value;
  const generator = createGenerator(config);
  const onError = options.onError ?? ((error) => console.error(error));
  let lastRun: Promise<void> = Promise.resolve();
  let closed = false;
  const send = (event: GeneratorEvent) => {
    if (closed) return;
    lastRun = generator
      .run(event)
      .then((result) => options.onResult?.(result))
      .catch(onError);
  };

  const rechecks = new Map<string, NodeJS.Timeout>();
  const files: FSWatcher = watchFiles(config.root, {
    ignoreInitial: true,
    ignored: (file) =>
      file.startsWith(config.output) || file.startsWith(config.manifest) || isSkippedPath(config.root, file),
  });
  files.on("add", (path) => send({ type: "create", path }));
  files.on("change", (path) => {
    send({ type: "update", path });
    // chokidar drops a second change to the same file within 50 ms, so a quick second save could
    // be lost; look again once that window has passed (unchanged text costs no parse).
    clearTimeout(rechecks.get(path));
    rechecks.set(
      path,
      setTimeout(() => {
        rechecks.delete(path);
        send({ type: "update", path });
      }, 60),
    );
  });
  files.on("unlink", (path) => send({ type: "delete", path }));
  // A removed folder takes its files with it; a rescan is simpler than trusting per-file events.
  files.on("unlinkDir", () => send({ type: "rerun" }));
  files.on("error", onError);
  await new Promise<void>((resolve) => files.once("ready", () => resolve()));

  const close = async () => {
    closed = true;
    for (const timer of rechecks.values()) clearTimeout(timer);
    await files.close();
    await lastRun;
  };
  // Scanning after `ready` leaves no gap: earlier changes are in the scan, later ones are events.
  const initial = await generator.run({ type: "rerun" });
  options.onResult?.(initial);
  return Result.ok({ generator, initial, close });
}
