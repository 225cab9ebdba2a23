import { createServer } from "node:net";

/**
 * A port free right now on `host`. `errand dev` needs a fixed port across restarts of its server
 * (the URL it printed must stay valid), so `--port 0` is turned into a real number once, up front.
 */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
