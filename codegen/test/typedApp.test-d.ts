import { expectTypeOf } from "vitest";
import { createApp } from "./typed-app/src/app.js";
import type { TaskName, Tasks } from "./typed-app/src/errand.gen.js";

// Never called: `tsc --noEmit` checks these lines against the generated registry; nothing runs them.
export async function triggerTypes() {
  const errand = createApp();
  await errand.tasks.trigger({ name: "sendEmail", input: { to: "a@example.com", subject: "Hi" } });
  await errand.tasks.trigger({ name: "resizeImage", input: { url: "/a.png", width: 64 } });
  await errand.tasks.trigger({ name: "reports.monthly", input: { month: "2026-11" } });
  await errand.tasks.trigger({ name: "purgeSessions", input: {} });

  // @ts-expect-error wrong input: resizeImage's width is a number, not a string
  await errand.tasks.trigger({ name: "resizeImage", input: { url: "/a.png", width: "64" } });
  // @ts-expect-error unknown name: the registry has no task called sendSms
  await errand.tasks.trigger({ name: "sendSms", input: { to: "a@example.com" } });
  // @ts-expect-error missing field: sendEmail's input needs a subject
  await errand.tasks.trigger({ name: "sendEmail", input: { to: "a@example.com" } });

  expectTypeOf<TaskName>().toEqualTypeOf<"purgeSessions" | "reports.monthly" | "resizeImage" | "sendEmail">();
  expectTypeOf<Tasks["sendEmail"]["name"]>().toEqualTypeOf<"sendEmail">();
}
