import pino from "pino";
import { afterEach } from "vitest";
import { createErrand, type Errand, type ErrandOptions } from "../src/errand/createErrand.js";
import type { TaskRegistry } from "../src/errand/registry.js";
import { memoryStore } from "../src/memory/memoryStore.js";
import type { TaskRecord } from "../src/task/record.js";

const open: Errand<any>[] = [];

/** An errand on a memory store with a silent logger; closed after each test so no runner leaks. */
export function testErrand<TRegistry extends TaskRegistry>(
  options: Partial<ErrandOptions<TRegistry>> & { tasks: TRegistry },
): Errand<TRegistry> {
  const errand = createErrand({ store: memoryStore(), logger: pino({ level: "silent" }), ...options });
  open.push(errand);
  return errand;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((errand) => errand.close({ graceMs: 0 })));
});

export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  // A safety net for a broken test, not a claim about speed: generous for a loaded machine.
  timeoutMs = 25_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the task reaches one of the given statuses and returns its record. */
export async function settled(
  errand: Errand<any>,
  id: string,
  statuses = ["success", "failed", "aborted"],
): Promise<TaskRecord> {
  return eventually(async () => {
    const record = (await errand.tasks.get(id)).unwrap() as TaskRecord;
    return statuses.includes(record.status) ? record : undefined;
  });
}
