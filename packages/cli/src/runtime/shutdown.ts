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
