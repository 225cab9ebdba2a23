import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import { createApp } from "./typed-app/src/app.js";

const typedApp = new URL("./typed-app/", import.meta.url).pathname;

describe("the typed fixture app", () => {
  // typedApp.test-d.ts type-checks against the committed registry, so it must be what the
  // generator writes today: regenerate with `node codegen/bin/errand-codegen.js` in typed-app/.
  it("commits the registry and manifest the generator would write now", async () => {
    const result = (await check({ cwd: typedApp })).unwrap();
    expect(result.changes).toEqual([]);
    expect(result.fresh).toBe(true);
  });

  it("runs the generated registry through createErrand", async () => {
    const errand = createApp();
    const triggered = await errand.tasks.trigger({
      name: "sendEmail",
      input: { to: "a@example.com", subject: "Hi" },
    });
    expect(triggered.unwrap().name).toBe("sendEmail");
    expect([...errand.definitions.keys()].sort()).toEqual([
      "purgeSessions",
      "reports.monthly",
      "resizeImage",
      "sendEmail",
    ]);
    await errand.close();
  });
});
