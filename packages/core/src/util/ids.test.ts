import { UUID } from "uuidv7";
import { describe, expect, it } from "vitest";
import { newTaskId } from "./ids.js";

describe("newTaskId", () => {
  it("is a canonical lowercase UUIDv7 carrying the current time", () => {
    const before = Date.now();
    const id = newTaskId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(UUID.parse(id).toString()).toBe(id);
    const ms = Number.parseInt(id.replace("-", "").slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });

  it("increases strictly, also within one millisecond and across refills of the random words", () => {
    const ids = Array.from({ length: 5_000 }, newTaskId);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids.map((id) => id.slice(-8))).size).toBeGreaterThan(4_900);
  });
});
