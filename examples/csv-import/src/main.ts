// The whole import in one process: make the CSV (once), start or resume the import, run it, show progress.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type App, openApp, startRunner } from "./app.js";
import { generateCsv } from "./csv/generateCsv.js";
import { storeSettings } from "./store.js";
import { progressLine, watchTask } from "./watchTask.js";

// pnpm passes a `--` through to the script; npm does not.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const { values } = parseArgs({
  args,
  options: {
    rows: { type: "string", default: "100000" },
    "chunk-size": { type: "string", default: "5000" },
    "pause-ms": { type: "string", default: "0" },
  },
});
const file = fileURLToPath(new URL("../data/people.csv", import.meta.url));
if (!existsSync(file)) {
  await generateCsv(file, Number(values.rows));
  console.log(`Wrote ${file} (${Number(values.rows).toLocaleString("en")} rows)`);
}

const settings = storeSettings();
console.log(
  settings.databaseUrl ? `Store: Postgres, schema "${settings.schema}"` : `Store: SQLite in ${settings.dir}`,
);
const app = await openApp(settings);
const taskId = await resumeOrTrigger(app);
const started = performance.now();
startRunner(app, Number(process.env.LEASE_MS ?? 5_000));

const done = await watchTask(app.errand.tasks, taskId, (record) => {
  process.stdout.write(process.stdout.isTTY ? `\r${progressLine(record)}` : `${progressLine(record)}\n`);
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const summary = await app.target.summary();
const chunks = await app.target.chunks(taskId);
console.log(
  `\nImport ${done.status} in ${seconds} s: ${done.output?.rows.toLocaleString("en") ?? 0} rows read ` +
    `in ${chunks.length} chunks, ${chunks.reduce((n, c) => n + c.inserted, 0).toLocaleString("en")} new; ` +
    `the people table holds ${summary.rows.toLocaleString("en")}.`,
);
if (done.error) console.log(`Error: ${done.error.message}`);
await app.close();

/** An import that an earlier, interrupted run left unfinished is picked up from its checkpoint. */
async function resumeOrTrigger({ errand }: App): Promise<string> {
  for (const status of ["running", "pending"] as const) {
    const page = (await errand.tasks.list({ name: "importCsv", status })).unwrap();
    // Each read again with get(): list() in @errand/core 0.1.0 returns an item's index as its input.
    const records = await Promise.all(
      page.items.map(async (item) => (await errand.tasks.get(item.id, { name: "importCsv" })).unwrap()),
    );
    const unfinished = records.find((record) => record.input.file === file);
    if (unfinished) {
      console.log(
        `Resuming import ${unfinished.id} at row ${(unfinished.input.offset ?? 0).toLocaleString("en")}` +
          (status === "running" ? " once the lease of the runner that held it runs out" : ""),
      );
      return unfinished.id;
    }
  }
  const triggered = await errand.tasks.trigger({
    name: "importCsv",
    input: { file, chunkSize: Number(values["chunk-size"]), pauseMs: Number(values["pause-ms"]) },
  });
  return triggered.unwrap().id;
}
