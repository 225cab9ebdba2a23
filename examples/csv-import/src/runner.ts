// A runner process and nothing else: start several, kill one, and the import carries on.
import { openApp, startRunner } from "./app.js";
import { storeSettings } from "./store.js";

const app = await openApp(storeSettings());
startRunner(app, Number(process.env.LEASE_MS ?? 5_000));
console.log(`runner ${process.pid} ready`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await app.close();
    process.exit(0);
  });
}
