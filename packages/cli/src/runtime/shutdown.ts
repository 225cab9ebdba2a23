/**
 * Resolves on the first SIGINT or SIGTERM, or, for a process `errand dev` started, when its parent
 * goes away (the IPC channel closes), so a killed `errand dev` never leaves a server behind.
 * A second signal exits at once: the way out when a task ignores its abort signal.
 */
export function waitForShutdown(): Promise<string> {
  return new Promise((resolve) => {
    let received: string | undefined;
    const handle = (reason: string) => {
      if (received) {
        process.stderr.write(`errand: ${reason} during shutdown; exiting without waiting\n`);
        process.exit(1);
      }
      received = reason;
      resolve(reason);
    };
    process.on("SIGINT", () => handle("SIGINT"));
    process.on("SIGTERM", () => handle("SIGTERM"));
    if (process.send) {
      process.once("disconnect", () => {
        if (!received) handle("errand dev exited");
      });
    }
  });
}

/**
 * Ends the process once its runner has stopped and handed back what was still running. A task
 * that ignores its abort signal keeps running in this process after its attempt was handed back;
 * left alone, its side effects would happen a second time beside the attempt another runner now
 * makes. Returns `code` for the command to return.
 */
export function exitWhenStopped(code: number): number {
  process.exitCode = code;
  // Not at once: the command still returns through main. Unref'd, so a process with nothing left
  // to run ends on its own; one still running task code ends at the next turn of the loop.
  setImmediate(() => process.exit(code)).unref();
  return code;
}
