import { ALLOWED_STATUSES as CORE_RULES } from "@errand/core/store";
import { describe, expect, it } from "vitest";
import { ALLOWED_STATUSES, forbiddenBecause } from "../src/app/lib/statusRules.js";

describe("the dashboard's copy of core's status rules", () => {
  it("is the same as core's (the browser bundle cannot import core)", () => {
    expect(ALLOWED_STATUSES).toEqual(CORE_RULES);
  });

  it("gives a reason exactly when core forbids the action", () => {
    expect(forbiddenBecause("retry", "failed")).toBeUndefined();
    expect(forbiddenBecause("retry", "running")).toBe("Only a failed or aborted task can be retried.");
    expect(forbiddenBecause("delete", "running")).toMatch(/abort it first/);
  });
});
